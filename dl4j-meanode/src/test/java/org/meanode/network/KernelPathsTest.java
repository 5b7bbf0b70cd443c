package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meanode.conf.KernelMode;
import org.meanode.layers.BaseScaledResidualLayer;
import org.meanode.layers.DirectBlas;
import org.meanode.params.ScaledResidualParams;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.meanode.testutil.ReferenceResNet.Act;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The fast paths of the residual kernel, beyond the double-precision exactness contract:
 * <ul>
 *   <li>AUTO runs direct BLAS on the CPU backend (float32 and float64), ND4J_OPS runs ND4J
 *       (DIRECT_BLAS-only checks are skipped on a backend without it);</li>
 *   <li>float32 (where DIRECT_BLAS uses a rational tanh): 5 Sgd steps of a L = 12, M = 6, D = 10
 *       network stay within {@value #FLOAT_TOL} (relative, Frobenius) of the float64 plain-Java
 *       reference for both kernels (measured: 1.6·10⁻⁷ on outputs, 7·10⁻⁸ on U and V, for both);
 *       negative control: a reference with α 1% off is further than that (measured 1.1·10⁻³);</li>
 *   <li>checkpointing changes nothing: outputs, score and U/V gradients equal those without
 *       checkpointing bit for bit (float32 and float64, both kernels);</li>
 *   <li>memory: the bytes the stack keeps between passes equal the formula of
 *       {@link org.meanode.conf.ScaledResidualStack}, smaller with checkpointing;</li>
 *   <li>inputs that are views (row offset, column stride) give the outputs of their copies.</li>
 * </ul>
 */
class KernelPathsTest {
    static final double FLOAT_TOL = 1e-5;
    private static final int N = 10;

    private static MeanOdeResNet.Builder spec(DataType dt, KernelMode mode) {
        return MeanOdeResNet.builder().nIn(5).nOut(4).embeddingDim(10).depth(12).width(6).alpha(0.8)
                .activation(Activation.TANH).learningRate(0.5).kernelMode(mode).dataType(dt).seed(7);
    }

    private static BaseScaledResidualLayer<?> stack(MultiLayerNetwork net) {
        return (BaseScaledResidualLayer<?>) net.getLayer(1);
    }

    @Test
    void autoRunsDirectBlasOnTheCpuBackend() {
        assumeTrue(DirectBlas.isAvailable(DataType.FLOAT), () -> "not the CPU backend: " + DirectBlas.unavailableReason(DataType.FLOAT));
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (KernelMode mode : KernelMode.values()) {
                MultiLayerNetwork net = spec(dt, mode).build().multiLayerNetwork();
                net.output(Arrays2.nd(Arrays2.gaussian(1, N, 5)).castTo(dt));
                String expected = mode == KernelMode.ND4J_OPS ? "Nd4jGemm" : "OpenBlasGemm";
                assertEquals(expected, stack(net).kernelImplementation(), dt + " " + mode);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelMode.class, names = {"DIRECT_BLAS", "ND4J_OPS"})
    void float32StaysCloseToTheFloat64Reference(KernelMode mode) {
        assumeTrue(mode != KernelMode.DIRECT_BLAS || DirectBlas.isAvailable(DataType.FLOAT));
        double[] errors = float32Errors(mode, 1.0);
        for (double e : errors) {
            assertTrue(e < FLOAT_TOL, mode + ": float32 vs reference, relative errors (outputs, U, V) "
                    + java.util.Arrays.toString(errors));
        }
        double[] control = float32Errors(mode, 1.01);
        assertTrue(control[0] > FLOAT_TOL, "negative control: α 1% off must exceed the tolerance, got " + control[0]);
    }

    /** @return relative errors of outputs, U, V after 5 steps against a reference with α·alphaFactor */
    private static double[] float32Errors(KernelMode mode, double alphaFactor) {
        MeanOdeResNet s = spec(DataType.FLOAT, mode).build();
        double sigma = Math.sqrt(10);
        ReferenceResNet ref = new ReferenceResNet(5, 4, 10, 12, 6, 0.8 * alphaFactor, sigma, sigma, Act.TANH, 3);
        MultiLayerNetwork net = s.multiLayerNetwork();
        new ResNetWeights(Arrays2.nd(ref.wE), Arrays2.nd(ref.uDml()), Arrays2.nd(ref.vDml()), Arrays2.nd(ref.wU))
                .writeTo(net);
        double[][] x = Arrays2.gaussian(1, N, 5);
        double[][] y = Arrays2.gaussian(2, N, 4);
        DataSet ds = new DataSet(Arrays2.nd(x).castTo(DataType.FLOAT), Arrays2.nd(y).castTo(DataType.FLOAT));
        for (int k = 0; k < 5; k++) {
            ref.step(x, y, 0.5);
            net.fit(ds);
        }
        ResNetWeights w = ResNetWeights.readFrom(net);
        return new double[] {
            Arrays2.relError(net.output(ds.getFeatures()).castTo(DataType.DOUBLE), ref.forward(x)),
            Arrays2.relError(w.getU().castTo(DataType.DOUBLE), ref.uDml()),
            Arrays2.relError(w.getV().castTo(DataType.DOUBLE), ref.vDml())};
    }

    @Test
    void checkpointingChangesNothing() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (KernelMode mode : new KernelMode[] {KernelMode.AUTO, KernelMode.ND4J_OPS}) {
                MultiLayerNetwork plain = spec(dt, mode).build().multiLayerNetwork();
                INDArray x = Arrays2.nd(Arrays2.gaussian(4, N, 5)).castTo(dt);
                INDArray y = Arrays2.nd(Arrays2.gaussian(5, N, 4)).castTo(dt);
                for (int k : new int[] {1, 4, 5, 12}) {
                    MultiLayerNetwork ck = spec(dt, mode).checkpointInterval(k).build().multiLayerNetwork();
                    ck.setParams(plain.params().dup());
                    String what = dt + " " + mode + " k=" + k;
                    for (int step = 0; step < 2; step++) {
                        assertArrayEquals(flat(plain.output(x)), flat(ck.output(x)), what + " outputs");
                        Gradient gp = gradient(plain, x, y);
                        Gradient gc = gradient(ck, x, y);
                        assertEquals(plain.score(), ck.score(), 0.0, what + " score");
                        for (String key : new String[] {ScaledResidualParams.U_KEY, ScaledResidualParams.V_KEY}) {
                            String name = "1_" + key;
                            assertArrayEquals(flat(gp.getGradientFor(name)), flat(gc.getGradientFor(name)),
                                    what + " gradient of " + key + " at step " + step);
                        }
                        DataSet ds = new DataSet(x, y);
                        plain.fit(ds);
                        ck.fit(ds);
                    }
                    plain.setParams(spec(dt, mode).build().multiLayerNetwork().params());
                }
            }
        }
    }

    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
    }

    private static Gradient gradient(MultiLayerNetwork net, INDArray x, INDArray y) {
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        Gradient copy = new org.deeplearning4j.nn.gradient.DefaultGradient();
        g.gradientForVariable().forEach((k, v) -> copy.setGradientFor(k, v.dup()));
        return copy;
    }

    /** Inputs that are views (offset rows: copied by memcpy; strided columns: by ND4J) give the same outputs. */
    @Test
    void viewInputsGiveTheSameOutputs() {
        int d = 6;
        for (KernelMode mode : new KernelMode[] {KernelMode.AUTO, KernelMode.ND4J_OPS}) {
            org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = new org.deeplearning4j.nn.conf.NeuralNetConfiguration
                    .Builder().seed(1).dataType(DataType.DOUBLE).list()
                    .layer(new org.meanode.conf.ScaledResidualStack.Builder().embeddingDim(d).depth(3).width(2)
                            .kernelMode(mode).build())
                    .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.feedForward(d)).build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            INDArray wide = Arrays2.nd(Arrays2.gaussian(8, 5, d + 3));
            INDArray strided = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(1, d + 1));
            INDArray tall = Arrays2.nd(Arrays2.gaussian(9, 7, d));
            INDArray offset = tall.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            for (INDArray view : new INDArray[] {strided, offset}) {
                double[] expected = flat(net.output(view.dup('c')));
                assertArrayEquals(expected, flat(net.output(view)), mode + " view with strides "
                        + java.util.Arrays.toString(view.stride()) + ", offset " + view.offset());
            }
        }
    }

    @Test
    void workingMemoryFollowsTheFormula() {
        int depth = 16;
        long d = 10;
        long m = 6;
        for (int k : new int[] {0, 4, 5}) {
            MultiLayerNetwork net = MeanOdeResNet.builder().nIn(5).nOut(4).embeddingDim(d).depth(depth).width((int) m)
                    .checkpointInterval(k).dataType(DataType.DOUBLE).seed(1).build().multiLayerNetwork();
            net.fit(new DataSet(Arrays2.nd(Arrays2.gaussian(1, N, 5)), Arrays2.nd(Arrays2.gaussian(2, N, 4))));
            int seg = k == 0 ? depth : k;
            long segments = (depth + seg - 1) / seg;
            // kept: checkpoints (segments + 1) and seg − 1 hidden states [N, D], seg activations [N, M] (tanh: no
            // pre-activations); scratch: g [N, D], dA [N, M]; 8 bytes each.
            long expected = 8 * ((segments + 1 + seg - 1) * N * d + seg * N * m + N * d + N * m);
            assertEquals(expected, stack(net).workingMemoryBytes(), "k=" + k);
        }
        long full = 8L * ((depth + 1) * N * d + depth * N * m + N * d + N * m);
        assertEquals(full, 8L * ((1 + 1 + depth - 1) * N * d + depth * N * m + N * d + N * m), "k = 0 is k = L");
    }
}
