package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.GenericResidualBlock;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.network.MeanOdeResNet;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitOps;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Numerical gradient checks ({@link GradientCheckUtil}, central differences, double) of the
 * generic layers for every unit the plugin ships: a {@link GenericResidualBlock} on the raw
 * input (MultiLayerNetwork and ComputationGraph), and the fused stack and unfused blocks between
 * a trainable embedding and readout (MeanOdeResNet, MultiLayerNetwork and ComputationGraph,
 * workspaces ENABLED and NONE), with α ≠ 1 and non-default activations and init scales in some
 * cases. Negative control: a unit whose gradient for one parameter block is 1% too large must
 * fail the same check, for every block of every unit.
 *
 * <p>Tolerance: epsilon {@value #EPS}, max relative error {@value #MAX_REL} per parameter,
 * unless the absolute error is below {@value #MIN_ABS}.
 */
class GenericGradientChecksTest {
    static final double EPS = 1e-6;
    static final double MAX_REL = 1e-5;
    static final double MIN_ABS = 1e-10;

    private static DataType savedDefault;
    private static DataType savedFloatDefault;

    @BeforeAll
    static void doublePrecision() {
        savedDefault = Nd4j.dataType();
        savedFloatDefault = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(savedDefault, savedFloatDefault);
    }

    /** The units under test, including non-default activations and scales. */
    static List<UnitFunction> units() {
        return List.of(
                new TwoLayerUnit(),
                new TwoLayerUnit(new ActivationSoftPlus(), 1.5, 0.8),
                new TwoLayerBiasUnit(),
                new TwoLayerBiasUnit(new ActivationSigmoid(), 2.0, 0.7, null),
                new GatedUnit(),
                new GatedUnit(new ActivationSoftPlus(), new ActivationTanH(), 1.2, null, 0.9));
    }

    /** Which layers the network holds. */
    enum Arch {
        /** One generic block (of a depth-3 network) on the raw input, then the loss. */
        BLOCK,
        /** Embedding, 3 unfused generic blocks, readout, all trainable. */
        BLOCKS,
        /** Embedding, one generic stack of 3 blocks, readout, all trainable. */
        STACK
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (UnitFunction u : units()) {
            for (Arch arch : Arch.values()) {
                for (boolean graph : new boolean[] {false, true}) {
                    WorkspaceMode ws = graph && arch != Arch.BLOCK ? WorkspaceMode.NONE : WorkspaceMode.ENABLED;
                    out.add(Arguments.of(u, arch, graph, ws));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} graph={2} ws={3}")
    @MethodSource("cases")
    void genericLayersPassGradientCheck(UnitFunction unit, Arch arch, boolean graph, WorkspaceMode ws) {
        Model net = build(unit, arch, graph, ws);
        assertTrue(check(net, arch), unit + " " + arch + " graph=" + graph + " ws=" + ws
                + ": backprop gradient differs from the numerical one (see the test output for the parameter)");
    }

    /** The check is not vacuous: any parameter block's gradient scaled by 1.01 fails it. */
    @Test
    void misScaledBlockGradientFailsGradientCheck() {
        for (UnitFunction u : List.of(new TwoLayerUnit(), new TwoLayerBiasUnit(), new GatedUnit())) {
            int blocks = u.params(4).size();
            for (int k = 0; k < blocks; k++) {
                MultiLayerNetwork good = blockNet(u, WorkspaceMode.ENABLED);
                MultiLayerNetwork bad = blockNet(new MisScaled(u, k), WorkspaceMode.ENABLED);
                bad.setParams(good.params());
                assertTrue(check(good, Arch.BLOCK), "control: " + u + " must pass");
                assertFalse(check(bad, Arch.BLOCK), u + ": block " + k + " gradient ×1.01 passed the gradient check");
            }
        }
    }

    private static boolean check(Model net, Arch arch) {
        long dIn = arch == Arch.BLOCK ? 4 : 3;
        long n = 5;
        long dOut = arch == Arch.BLOCK ? 4 : 2;
        INDArray x = Arrays2.nd(Arrays2.gaussian(23, (int) n, (int) dIn));
        INDArray y = Arrays2.nd(Arrays2.gaussian(24, (int) n, (int) dOut));
        if (net instanceof ComputationGraph g) {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(EPS).maxRelError(MAX_REL)
                    .minAbsoluteError(MIN_ABS).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                    .exitOnFirstError(false).excludeParams(Set.of()));
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net((MultiLayerNetwork) net)
                .input(x).labels(y).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false).excludeParams(Set.of()));
    }

    /** BLOCK: D = 4, L = 3, M = 2, α = 1.7, N = 5. BLOCKS/STACK: d_in = 3, D = 5, L = 3, M = 2, d_out = 2. */
    private static Model build(UnitFunction unit, Arch arch, boolean graph, WorkspaceMode ws) {
        if (arch == Arch.BLOCK) {
            return graph ? blockGraph(unit, ws) : blockNet(unit, ws);
        }
        boolean fused = arch == Arch.STACK;
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).depth(3).width(2)
                .alpha(fused ? 0.6 : 2.5).unit(unit).fused(fused).trainableEmbedding(true).trainableReadout(true)
                .updater(new NoOp()).dataType(DataType.DOUBLE).workspaceMode(ws).seed(fused ? 7 : 8).build();
        return graph ? spec.computationGraph() : spec.multiLayerNetwork();
    }

    private static NeuralNetConfiguration.Builder base(WorkspaceMode ws) {
        return new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
    }

    private static ScaledResidualBlock block(UnitFunction unit) {
        return new GenericResidualBlock.Builder().embeddingDim(4).depth(3).width(2).alpha(1.7).unit(unit).build();
    }

    private static LossLayer mse() {
        return new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build();
    }

    static MultiLayerNetwork blockNet(UnitFunction unit, WorkspaceMode ws) {
        MultiLayerNetwork net = new MultiLayerNetwork(base(ws).list().layer(block(unit)).layer(mse())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        return net;
    }

    private static ComputationGraph blockGraph(UnitFunction unit, WorkspaceMode ws) {
        ComputationGraph g = new ComputationGraph(base(ws).graphBuilder().addInputs("in")
                .addLayer("block", block(unit), "in").addLayer("loss", mse(), "block").setOutputs("loss")
                .setInputTypes(InputType.feedForward(4)).build());
        g.init();
        return g;
    }

    /** Test-only unit: delegates to another, with the gradient of one block scaled by 1.01. */
    static final class MisScaled implements UnitFunction {
        private static final long serialVersionUID = 1L;
        private final UnitFunction inner;
        private final int block;

        MisScaled(UnitFunction inner, int block) {
            this.inner = inner;
            this.block = block;
        }

        @Override
        public List<UnitParam> params(long d) {
            return inner.params(d);
        }

        @Override
        public long[] storedColumns(long d, int m, UnitOps ops) {
            return inner.storedColumns(d, m, ops);
        }

        @Override
        public long[] scratchColumns(long d, int m, UnitOps ops) {
            return inner.scratchColumns(d, m, ops);
        }

        @Override
        public void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored, INDArray[] scratch,
                            boolean training) {
            inner.forward(ops, h, z, scale, out, stored, scratch, training);
        }

        @Override
        public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                             INDArray[] scratch, INDArray dH, INDArray[] dZ) {
            inner.backward(ops, h, z, scale, dOut, stored, scratch, dH, dZ);
            dZ[block].muli(1.01);
        }

        @Override
        public double forwardFlopsPerUnit(long d) {
            return inner.forwardFlopsPerUnit(d);
        }
    }
}
