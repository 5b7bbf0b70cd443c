package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.conf.KernelMode;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Networks with a unit function φ ({@code unit(φ)}) are built from the same layers as the 2LP
 * network, a {@link ScaledResidualStack} (or {@link ScaledResidualBlock}s) computing φ, so they take
 * the stack's options too: with checkpointing every k blocks the outputs, score and gradients
 * equal those without, bit for bit, over two Sgd steps (double, both kernel modes); ND4J_OPS agrees
 * with AUTO to 1e-12 (relative). Before the residual layers shared one kernel, the builder refused
 * kernelMode and checkpointing with a unit.
 */
class UnitNetworkOptionsTest {
    private static final int N = 9;

    private static MeanOdeResNet.Builder spec(UnitFunction unit, KernelMode mode) {
        return MeanOdeResNet.builder().nIn(4).nOut(3).embeddingDim(6).depth(6).width(3).alpha(0.9).unit(unit)
                .learningRate(0.3).kernelMode(mode).dataType(DataType.DOUBLE).seed(5);
    }

    @Test
    void unitNetworksAreBuiltFromTheScaledResidualLayers() {
        UnitFunction unit = new GatedUnit();
        MeanOdeResNet fused = spec(unit, KernelMode.AUTO).build();
        var stack = fused.multiLayerConfiguration().getConf(1).getLayer();
        assertSame(ScaledResidualStack.class, stack.getClass());
        assertEquals(unit, ((ScaledResidualStack) stack).getUnit());
        LayerVertex block = (LayerVertex) spec(unit, KernelMode.AUTO).fused(false).build().graphConfiguration()
                .getVertices().get(MeanOdeResNet.BLOCK_PREFIX + "0");
        assertSame(ScaledResidualBlock.class, block.getLayerConf().getLayer().getClass());
    }

    @Test
    void checkpointingAndKernelModesChangeNothingForOtherUnits() {
        INDArray x = Arrays2.nd(Arrays2.gaussian(3, N, 4));
        INDArray y = Arrays2.nd(Arrays2.gaussian(4, N, 3));
        DataSet ds = new DataSet(x, y);
        for (UnitFunction unit : List.of(new GatedUnit(), new TwoLayerBiasUnit())) {
            MultiLayerNetwork reference = spec(unit, KernelMode.AUTO).build().multiLayerNetwork();
            INDArray start = reference.params().dup();
            double[] refOut = flat(reference.output(x));
            double[] refGrad = gradient(reference, x, y);
            for (KernelMode mode : new KernelMode[] {KernelMode.AUTO, KernelMode.ND4J_OPS}) {
                MultiLayerNetwork plain = spec(unit, mode).build().multiLayerNetwork();
                plain.setParams(start.dup());
                assertArrayEquals(refOut, flat(plain.output(x)), 1e-12 * norm(refOut), unit + " " + mode + " outputs");
                assertArrayEquals(refGrad, gradient(plain, x, y), 1e-12 * norm(refGrad), unit + " " + mode + " gradient");
                for (int k : new int[] {1, 4}) {
                    MultiLayerNetwork ck = spec(unit, mode).checkpointInterval(k).build().multiLayerNetwork();
                    assertEquals(k, ((ScaledResidualStack) ck.getLayerWiseConfigurations().getConf(1).getLayer())
                            .getCheckpointInterval());
                    ck.setParams(start.dup());
                    plain.setParams(start.dup());
                    String what = unit + " " + mode + " k=" + k;
                    for (int step = 0; step < 2; step++) {
                        assertArrayEquals(flat(plain.output(x)), flat(ck.output(x)), what + " outputs at step " + step);
                        assertArrayEquals(gradient(plain, x, y), gradient(ck, x, y), what + " gradient at step " + step);
                        assertEquals(plain.score(), ck.score(), 0.0, what + " score");
                        plain.fit(ds);
                        ck.fit(ds);
                    }
                    assertFalse(plain.params().equalsWithEps(start, 1e-12), what + ": the steps moved the parameters");
                }
            }
        }
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').reshape(a.length()).toDoubleVector();
    }

    private static double[] gradient(MultiLayerNetwork net, INDArray x, INDArray y) {
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        return flat(net.gradient().gradient());
    }
}
