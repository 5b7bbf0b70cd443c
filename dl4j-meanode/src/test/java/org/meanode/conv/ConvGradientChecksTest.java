package org.meanode.conv;

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
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Numerical gradient checks ({@link GradientCheckUtil}, central differences, double) of
 * residual layers with the {@link ConvUnit}: a classifier (3×3 convolution stem to C channels,
 * the conv stack or L unfused conv blocks, global average pooling, softmax output; every layer
 * trainable) as MultiLayerNetwork and ComputationGraph, workspaces ENABLED and NONE, with tanh and
 * softplus (whose gradient needs the stored pre-activation), k = 3 and 1, a non-square image.
 * Negative control: the same network with the stack's "U" or "V" gradient
 * scaled by 1.01 fails. Tolerance: epsilon {@value #EPS} (the u entries are O(√F), and the
 * blocks' gradients O(1e-6): a smaller step drowns the difference of scores in rounding), max
 * relative error {@value #MAX_REL} unless the absolute error is below {@value #MIN_ABS}.
 */
class ConvGradientChecksTest {
    static final double EPS = 1e-5;
    static final double MAX_REL = 1e-5;
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
        List<ConvUnit> units = List.of(new ConvUnit(2, 3, 4, 3),
                new ConvUnit(2, 3, 3, 3, new ActivationSoftPlus(), 1.5, 0.8),
                new ConvUnit(2, 3, 4, 1, new ActivationTanH(), null, 2.0));
        WorkspaceMode on = WorkspaceMode.ENABLED;
        WorkspaceMode off = WorkspaceMode.NONE;
        out.add(Arguments.of(units.get(0), "stack", on));
        out.add(Arguments.of(units.get(0), "blocks", off));
        out.add(Arguments.of(units.get(0), "graph", off));
        out.add(Arguments.of(units.get(1), "stack", off));
        out.add(Arguments.of(units.get(1), "blocks", on));
        out.add(Arguments.of(units.get(1), "graph", on));
        out.add(Arguments.of(units.get(2), "stack", on));
        out.add(Arguments.of(units.get(2), "graph", off));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} ws={2}")
    @MethodSource("cases")
    void convLayersPassGradientCheck(ConvUnit unit, String arch, WorkspaceMode ws) {
        Model net = build(unit, arch, ws);
        assertTrue(check(net, unit), unit + " " + arch + " ws=" + ws + ": backprop gradient differs from the numerical one");
    }

    /** The check is not vacuous: a stack whose "V" or "U" gradient is 1% too large fails it. */
    @Test
    void misScaledGradientFails() {
        ConvUnit u = new ConvUnit(2, 3, 4, 3);
        MultiLayerNetwork good = (MultiLayerNetwork) build(u, "stack", WorkspaceMode.ENABLED);
        assertTrue(check(good, u), "control: the exact network must pass");
        for (String key : new String[] {"1_U", "1_V"}) {
            MultiLayerNetwork bad = new MultiLayerNetwork(good.getLayerWiseConfigurations().clone()) {
                @Override
                public void computeGradientAndScore() {
                    super.computeGradientAndScore();
                    gradient().getGradientFor(key).muli(1.01);
                }
            };
            bad.init(good.params().dup(), false);
            assertFalse(check(bad, u), key + " gradient ×1.01 passed the gradient check");
        }
    }

    private static Model build(ConvUnit u, String arch, WorkspaceMode ws) {
        return switch (arch) {
            case "stack" -> ConvNets.classifier(u, 2, 3, 3, new NoOp(), ws, DataType.DOUBLE, true);
            case "blocks" -> ConvNets.classifier(u, 2, 3, 3, new NoOp(), ws, DataType.DOUBLE, false);
            default -> ConvNets.classifierGraph(u, 2, 3, 3, new NoOp(), ws, DataType.DOUBLE);
        };
    }

    private static boolean check(Model net, ConvUnit u) {
        int n = 4;
        INDArray x = ConvNets.nd(ConvNets.images(31, n, 1, u.getHeight(), u.getWidth()), DataType.DOUBLE);
        INDArray y = ConvNets.oneHot(n, 3, DataType.DOUBLE);
        if (net instanceof ComputationGraph g) {
            return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g).inputs(new INDArray[] {x})
                    .labels(new INDArray[] {y}).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false).excludeParams(Set.of()));
        }
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net((MultiLayerNetwork) net).input(x)
                .labels(y).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false).excludeParams(Set.of()));
    }
}
