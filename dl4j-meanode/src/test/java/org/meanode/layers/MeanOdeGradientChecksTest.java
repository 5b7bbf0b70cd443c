package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
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
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.params.MeanOdeParams;
import org.meanode.testutil.Arrays2;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Numerical gradient checks ({@link GradientCheckUtil}, central differences, double precision) of
 * {@link MeanOdeLayer}: every solver, shared and fresh nodes, between a trainable embedding and
 * readout, in MultiLayerNetwork and ComputationGraph, workspaces ENABLED and NONE, tanh and
 * identity σ, α ≠ 1. The backward pass is the exact discrete adjoint of the solver, so the
 * check holds to the core layers' relative tolerance ({@value #MAX_REL}; absolute {@value #MIN_ABS}
 * below the finite differences' noise floor). A negative control
 * (stage 1's U gradient scaled by 1.01) must fail the same check.
 */
class MeanOdeGradientChecksTest {
    static final double EPS = 1e-6;
    static final double MAX_REL = 1e-5;
    /**
     * Central differences at ε = 1e-6 on a score J ≈ 4 carry an absolute noise of about
     * J·2⁻⁵²/ε ≈ 1e-9: gradients below that are compared absolutely.
     */
    static final double MIN_ABS = 1e-9;

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

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (OdeSolver solver : OdeSolver.values()) {
            for (boolean graph : new boolean[] {false, true}) {
                out.add(Arguments.of(solver, graph, false, Activation.TANH, WorkspaceMode.ENABLED));
            }
            out.add(Arguments.of(solver, false, true, Activation.TANH, WorkspaceMode.NONE));
            out.add(Arguments.of(solver, true, true, Activation.IDENTITY, WorkspaceMode.ENABLED));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} graph={1} fresh={2} {3} ws={4}")
    @MethodSource("cases")
    void limitLayerPassesGradientCheck(OdeSolver solver, boolean graph, boolean fresh, Activation act, WorkspaceMode ws) {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5)
                .limit(3, 2, solver, NodeScheme.IID, fresh).alpha(1.3).activation(act)
                .trainableEmbedding(true).trainableReadout(true).updater(new NoOp())
                .dataType(DataType.DOUBLE).workspaceMode(ws).seed(9).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        assertTrue(check(net), solver + " graph=" + graph + " fresh=" + fresh + " " + act + " ws=" + ws
                + ": backprop gradient differs from the numerical one (see the test output for the parameter)");
    }

    /** The check is not vacuous: an RK4 layer whose stage-1 U gradient is 1% too large must fail it. */
    @Test
    void misScaledStageGradientFailsGradientCheck() {
        MeanOdeLayer.Builder b = new MeanOdeLayer.Builder().embeddingDim(5).nodes(3).steps(2).solver(OdeSolver.RK4)
                .nodeScheme(NodeScheme.IID).alpha(1.3);
        MultiLayerNetwork good = handBuilt(b.build());
        MultiLayerNetwork bad = handBuilt(new MisScaledLimit(b));
        bad.setParams(good.params());
        assertTrue(check(good), "control: the correct layer must pass");
        assertFalse(check(bad), "a stage-1 U gradient scaled by 1.01 passed the gradient check");
    }

    private static MultiLayerNetwork handBuilt(MeanOdeLayer limit) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new MeanOdeEmbedding.Builder().nIn(3).nOut(5).trainable(true).build())
                .layer(limit)
                .layer(new MeanOdeReadout.Builder().nIn(5).nOut(2).trainable(true).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        return net;
    }

    private static boolean check(Model net) {
        INDArray x = Arrays2.nd(Arrays2.gaussian(41, 4, 3));
        INDArray y = Arrays2.nd(Arrays2.gaussian(42, 4, 2));
        if (net instanceof ComputationGraph g) {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(EPS).maxRelError(MAX_REL)
                    .minAbsoluteError(MIN_ABS).print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net((MultiLayerNetwork) net)
                .input(x).labels(y).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
    }

    /** Test-only limit layer whose runtime returns a stage-1 U gradient 1% too large. */
    static final class MisScaledLimit extends MeanOdeLayer {
        private static final long serialVersionUID = 1L;

        MisScaledLimit(Builder b) {
            super(b);
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
                DataType dataType) {
            MeanOdeLayerRuntime layer = new MeanOdeLayerRuntime(conf, dataType) {
                private static final long serialVersionUID = 1L;

                @Override
                public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
                    Pair<Gradient, INDArray> out = super.backpropGradient(epsilon, workspaceMgr);
                    out.getFirst().getGradientFor(MeanOdeParams.uKey(1)).muli(1.01);
                    return out;
                }
            };
            layer.setListeners(listeners);
            layer.setIndex(layerIndex);
            layer.setParamsViewArray(paramsView);
            layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
            layer.setConf(conf);
            return layer;
        }
    }
}
