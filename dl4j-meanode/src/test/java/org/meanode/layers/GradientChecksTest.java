package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.KernelMode;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.network.MeanOdeResNet;
import org.meanode.testutil.Arrays2;
import org.meanode.params.ScaledResidualParams;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Numerical gradient checks ({@link GradientCheckUtil}, central differences, double precision)
 * of every plugin layer: a single {@link ScaledResidualBlock} on the raw input, L unfused blocks
 * and the fused stack between a trainable embedding and readout, in MultiLayerNetwork and
 * ComputationGraph, with workspaces ENABLED and NONE, tanh and identity σ, α ≠ 1 in most cases.
 * Frozen embedding and readout return a zero parameter gradient on purpose; for them only the
 * residual parameters are checked (their W is excluded), which still checks the gradient they
 * pass down. A negative control (U gradient scaled by 1.01) must fail the same check. Both
 * kernels ({@link KernelMode#DIRECT_BLAS}, the default on the CPU backend, and
 * {@link KernelMode#ND4J_OPS}) are checked with tanh, identity and softplus (softplus takes the
 * generic activation path that keeps pre-activations), the stack also with checkpointing.
 *
 * <p>Tolerance: epsilon {@value #EPS}, max relative error {@value #MAX_REL} per parameter
 * (|g − g_num| / (|g| + |g_num|)), unless the absolute error is below {@value #MIN_ABS}.
 */
class GradientChecksTest {
    static final double EPS = 1e-6;
    static final double MAX_REL = 1e-5;
    static final double MIN_ABS = 1e-10;

    private static DataType savedDefault;
    private static DataType savedFloatDefault;

    /** Which plugin layers the network holds. */
    enum Arch {
        /** One ScaledResidualBlock (of a depth-3 network) directly on the input, then the loss. */
        BLOCK,
        /** Embedding, L unfused blocks, readout (MeanOdeResNet, fused(false)). */
        BLOCKS,
        /** Embedding, one fused ScaledResidualStack, readout (MeanOdeResNet). */
        STACK
    }

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

    static Stream<Arguments> trainableCases() {
        List<Arguments> out = new ArrayList<>();
        for (Arch arch : Arch.values()) {
            for (Activation act : new Activation[] {Activation.TANH, Activation.IDENTITY}) {
                for (boolean graph : new boolean[] {false, true}) {
                    for (WorkspaceMode ws : new WorkspaceMode[] {WorkspaceMode.ENABLED, WorkspaceMode.NONE}) {
                        out.add(Arguments.of(arch, act, graph, ws));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} graph={2} ws={3}")
    @MethodSource("trainableCases")
    void trainableLayersPassGradientCheck(Arch arch, Activation act, boolean graph, WorkspaceMode ws) {
        Model net = build(arch, act, graph, ws, true);
        assertTrue(check(net, arch, Set.of()), arch + " " + act + " graph=" + graph + " ws=" + ws
                + ": backprop gradient differs from the numerical one (see the test output for the parameter)");
    }

    static Stream<Arguments> kernelCases() {
        List<Arguments> out = new ArrayList<>();
        for (KernelMode mode : new KernelMode[] {KernelMode.DIRECT_BLAS, KernelMode.ND4J_OPS}) {
            for (Activation act : new Activation[] {Activation.TANH, Activation.IDENTITY, Activation.SOFTPLUS}) {
                out.add(Arguments.of(Arch.BLOCK, act, mode, 0));
                for (int k : new int[] {0, 1, 2}) {
                    out.add(Arguments.of(Arch.STACK, act, mode, k));
                }
            }
        }
        return out.stream();
    }

    /**
     * Each kernel and activation path, and checkpointing with k = 1 and k = 2 (segments of 2 and
     * 1 of L = 3); DIRECT_BLAS cases are skipped on a backend without it.
     */
    @ParameterizedTest(name = "{0} {1} {2} checkpoint k={3}")
    @MethodSource("kernelCases")
    void kernelVariantsPassGradientCheck(Arch arch, Activation act, KernelMode mode, int k) {
        assumeTrue(mode != KernelMode.DIRECT_BLAS || DirectBlas.isAvailable(DataType.DOUBLE),
                () -> "direct BLAS unavailable: " + DirectBlas.unavailableReason(DataType.DOUBLE));
        Model net;
        if (arch == Arch.BLOCK) {
            net = blockNet(new ScaledResidualBlock.Builder().embeddingDim(4).depth(3).width(2).alpha(1.7).activation(act)
                    .kernelMode(mode).build(), WorkspaceMode.ENABLED);
        } else {
            net = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).depth(3).width(2).alpha(0.6).activation(act)
                    .kernelMode(mode).checkpointInterval(k).trainableEmbedding(true).trainableReadout(true)
                    .updater(new NoOp()).dataType(DataType.DOUBLE).seed(5).build().multiLayerNetwork();
        }
        assertTrue(check(net, arch, Set.of()), arch + " " + act + " " + mode + " k=" + k
                + ": backprop gradient differs from the numerical one (see the test output for the parameter)");
    }

    static Stream<Arguments> frozenCases() {
        List<Arguments> out = new ArrayList<>();
        for (Arch arch : new Arch[] {Arch.BLOCKS, Arch.STACK}) {
            for (boolean graph : new boolean[] {false, true}) {
                for (WorkspaceMode ws : new WorkspaceMode[] {WorkspaceMode.ENABLED, WorkspaceMode.NONE}) {
                    out.add(Arguments.of(arch, graph, ws));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} frozen embedding/readout graph={1} ws={2}")
    @MethodSource("frozenCases")
    void residualParamsBehindFrozenLayersPassGradientCheck(Arch arch, boolean graph, WorkspaceMode ws) {
        Model net = build(arch, Activation.TANH, graph, ws, false);
        Set<String> frozen = graph
                ? Set.of(MeanOdeResNet.EMBEDDING + "_W", MeanOdeResNet.READOUT + "_W")
                : Set.of("0_W", (((MultiLayerNetwork) net).getnLayers() - 2) + "_W");
        assertTrue(check(net, arch, frozen), arch + " graph=" + graph + " ws=" + ws
                + ": residual gradient behind frozen layers differs from the numerical one");
        assertFalse(check(net, arch, Set.of()), "frozen W must report a zero gradient, so checking it must fail");
    }

    /** The check is not vacuous: a block whose U gradient is 1% too large must fail it. */
    @Test
    void misScaledUGradientFailsGradientCheck() {
        ScaledResidualBlock.Builder b = new ScaledResidualBlock.Builder().embeddingDim(4).depth(3).width(2).alpha(1.7);
        MultiLayerNetwork good = blockNet(new ScaledResidualBlock.Builder().embeddingDim(4).depth(3).width(2).alpha(1.7)
                .build(), WorkspaceMode.ENABLED);
        MultiLayerNetwork bad = blockNet(new MisScaledBlock(b), WorkspaceMode.ENABLED);
        bad.setParams(good.params());
        assertTrue(check(good, Arch.BLOCK, Set.of()), "control: the correct block must pass");
        assertFalse(check(bad, Arch.BLOCK, Set.of()), "a U gradient scaled by 1.01 passed the gradient check");
    }

    private static boolean check(Model net, Arch arch, Set<String> exclude) {
        long dIn = arch == Arch.BLOCK ? 4 : 3;
        long n = arch == Arch.STACK ? 5 : 4;
        long dOut = arch == Arch.BLOCK ? 4 : 2;
        INDArray x = Arrays2.nd(Arrays2.gaussian(21, (int) n, (int) dIn));
        INDArray y = Arrays2.nd(Arrays2.gaussian(22, (int) n, (int) dOut));
        if (net instanceof ComputationGraph g) {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(EPS).maxRelError(MAX_REL)
                    .minAbsoluteError(MIN_ABS).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                    .exitOnFirstError(false).excludeParams(exclude));
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net((MultiLayerNetwork) net)
                .input(x).labels(y).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false).excludeParams(exclude));
    }

    /**
     * BLOCK: d = D = 4, L = 3, M = 2, α = 1.7, N = 4. BLOCKS: d_in = 3, D = 5, L = 3, M = 3,
     * α = 2.5, d_out = 2, N = 4. STACK: d_in = 3, D = 6, L = 3, M = 2, α = 0.6, d_out = 2, N = 5.
     */
    private static Model build(Arch arch, Activation act, boolean graph, WorkspaceMode ws, boolean trainable) {
        if (arch == Arch.BLOCK) {
            Layer block = new ScaledResidualBlock.Builder().embeddingDim(4).depth(3).width(2).alpha(1.7)
                    .activation(act).build();
            return graph ? blockGraph(block, ws) : blockNet(block, ws);
        }
        boolean fused = arch == Arch.STACK;
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(fused ? 6 : 5).depth(3)
                .width(fused ? 2 : 3).alpha(fused ? 0.6 : 2.5).activation(act).fused(fused)
                .trainableEmbedding(trainable).trainableReadout(trainable).updater(new NoOp())
                .dataType(DataType.DOUBLE).workspaceMode(ws).seed(fused ? 5 : 6).build();
        return graph ? spec.computationGraph() : spec.multiLayerNetwork();
    }

    private static NeuralNetConfiguration.Builder base(WorkspaceMode ws) {
        return new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE).updater(new NoOp())
                .trainingWorkspaceMode(ws).inferenceWorkspaceMode(ws);
    }

    private static LossLayer mse() {
        return new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build();
    }

    static MultiLayerNetwork blockNet(Layer block, WorkspaceMode ws) {
        MultiLayerNetwork net = new MultiLayerNetwork(base(ws).list().layer(block).layer(mse())
                .setInputType(InputType.feedForward(4)).build());
        net.init();
        return net;
    }

    private static ComputationGraph blockGraph(Layer block, WorkspaceMode ws) {
        ComputationGraph g = new ComputationGraph(base(ws).graphBuilder().addInputs("in")
                .addLayer("block", block, "in").addLayer("loss", mse(), "block").setOutputs("loss")
                .setInputTypes(InputType.feedForward(4)).build());
        g.init();
        return g;
    }

    /** Test-only block config whose runtime returns a U gradient 1% too large. */
    static final class MisScaledBlock extends ScaledResidualBlock {
        private static final long serialVersionUID = 1L;

        MisScaledBlock(Builder b) {
            super(b);
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int layerIndex,
                INDArray paramsView, boolean initializeParams, DataType dataType) {
            MisScaledBlockLayer layer = new MisScaledBlockLayer(conf, dataType);
            layer.setListeners(listeners);
            layer.setIndex(layerIndex);
            layer.setParamsViewArray(paramsView);
            layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
            layer.setConf(conf);
            return layer;
        }
    }

    /** Runtime of {@link MisScaledBlock}. */
    static final class MisScaledBlockLayer extends ScaledResidualBlockLayer {
        private static final long serialVersionUID = 1L;

        MisScaledBlockLayer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            Pair<Gradient, INDArray> out = super.backpropGradient(epsilon, workspaceMgr);
            out.getFirst().getGradientFor(ScaledResidualParams.U_KEY).muli(1.01);
            return out;
        }
    }
}
