package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Numerical gradient checks ({@link GradientCheckUtil}, double) of {@link MeanOdeLayer}
 * integrating the generic units (2LP with bias, gated): every solver, shared and fresh nodes,
 * every node scheme, between a trainable embedding and readout, MultiLayerNetwork and
 * ComputationGraph, workspaces on and off, α ≠ 1. Tolerances as {@link MeanOdeGradientChecksTest}.
 * Negative control: the gated unit with one block's gradient 1% too large
 * ({@link GenericGradientChecksTest.MisScaled}) fails the check under RK4.
 */
class MeanOdeUnitsGradientChecksTest {
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
        for (UnitFunction u : List.of(new TwoLayerBiasUnit(), new GatedUnit())) {
            out.add(Arguments.of(u, OdeSolver.EULER, NodeScheme.IID, true, false, WorkspaceMode.ENABLED));
            out.add(Arguments.of(u, OdeSolver.HEUN, NodeScheme.SOBOL, false, true, WorkspaceMode.NONE));
            out.add(Arguments.of(u, OdeSolver.RK3, NodeScheme.IID, true, true, WorkspaceMode.ENABLED));
            out.add(Arguments.of(u, OdeSolver.RK4, NodeScheme.ANTITHETIC, false, false, WorkspaceMode.ENABLED));
        }
        for (UnitFunction u : List.of(new TwoLayerBiasUnit(new ActivationSoftPlus(), 1.5, 0.7, null),
                new GatedUnit(new ActivationTanH(), new ActivationTanH(), null, 2.0, 1.2))) {
            out.add(Arguments.of(u, OdeSolver.EULER, NodeScheme.SOBOL, false, true, WorkspaceMode.ENABLED));
            out.add(Arguments.of(u, OdeSolver.RK4, NodeScheme.IID, true, false, WorkspaceMode.NONE));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} fresh={3} graph={4} ws={5}")
    @MethodSource("cases")
    void limitLayerWithGenericUnitPassesGradientCheck(UnitFunction unit, OdeSolver solver, NodeScheme scheme,
                                                      boolean fresh, boolean graph, WorkspaceMode ws) {
        Model net = build(unit, solver, scheme, fresh, graph, ws);
        assertTrue(check(net), unit + " " + solver + " " + scheme + " fresh=" + fresh + " graph=" + graph
                + ": backprop gradient differs from the numerical one (see the test output for the parameter)");
    }

    @Test
    void misScaledUnitGradientFailsGradientCheck() {
        GatedUnit g = new GatedUnit();
        Model good = build(g, OdeSolver.RK4, NodeScheme.IID, true, false, WorkspaceMode.ENABLED);
        assertTrue(check(good), "control: the correct gated unit must pass");
        for (int k = 0; k < 3; k++) {
            Model bad = build(new GenericGradientChecksTest.MisScaled(g, k), OdeSolver.RK4, NodeScheme.IID, true, false,
                    WorkspaceMode.ENABLED);
            bad.setParams(good.params());
            assertFalse(check(bad), "block " + k + " gradient ×1.01 passed the gradient check in the limit layer");
        }
    }

    /** d_in = 3, D = 3, P = 2, S = 2, α = 0.8, d_out = 2, N = 4. */
    private static Model build(UnitFunction unit, OdeSolver solver, NodeScheme scheme, boolean fresh, boolean graph,
                               WorkspaceMode ws) {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(3).alpha(0.8).unit(unit)
                .limit(2, 2, solver, scheme, fresh).trainableEmbedding(true).trainableReadout(true)
                .updater(new NoOp()).dataType(DataType.DOUBLE).workspaceMode(ws).seed(12).build();
        return graph ? spec.computationGraph() : spec.multiLayerNetwork();
    }

    private static boolean check(Model net) {
        INDArray x = Arrays2.nd(Arrays2.gaussian(31, 4, 3));
        INDArray y = Arrays2.nd(Arrays2.gaussian(32, 4, 2));
        if (net instanceof ComputationGraph g) {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y}).epsilon(MeanOdeGradientChecksTest.EPS)
                    .maxRelError(MeanOdeGradientChecksTest.MAX_REL).minAbsoluteError(MeanOdeGradientChecksTest.MIN_ABS)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false).excludeParams(Set.of()));
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net((MultiLayerNetwork) net)
                .input(x).labels(y).epsilon(MeanOdeGradientChecksTest.EPS).maxRelError(MeanOdeGradientChecksTest.MAX_REL)
                .minAbsoluteError(MeanOdeGradientChecksTest.MIN_ABS).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false).excludeParams(Set.of()));
    }
}
