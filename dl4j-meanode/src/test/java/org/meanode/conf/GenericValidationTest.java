package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.meanode.scaling.Regime;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitOps;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bad inputs to the generic layers, the unit functions and {@link MeanOdeResNet#builder()}'s
 * {@code unit} option are rejected with {@link IllegalArgumentException} (or DL4J's config and
 * input exceptions) whose message names the field, shows the value seen and says what to do.
 * Messages are checked by substring.
 */
class GenericValidationTest {

    /** A bad call and the substrings its message must contain. */
    record Bad(String what, Runnable call, String... shown) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static ScaledResidualStack.Builder stack() {
        return new GenericResidualStack.Builder().embeddingDim(4).depth(2).width(3);
    }

    private static MeanOdeResNet.Builder net() {
        return MeanOdeResNet.builder().nIn(2).nOut(2).embeddingDim(4).depth(2).width(3).unit(new GatedUnit());
    }

    static Stream<Bad> bad() {
        List<Bad> out = new ArrayList<>();
        out.add(new Bad("no unit", () -> stack().build(), "GenericResidualStack.unit is not set", ".unit("));
        out.add(new Bad("null unit", () -> stack().unit(null), "unit is null", "TwoLayerUnit"));
        out.add(new Bad("layer activation", () -> stack().unit(new TwoLayerUnit()).activation(Activation.RELU).build(),
                "GenericResidualStack.activation = relu", "belongs to the unit function", "new TwoLayerUnit(Activation"));
        out.add(new Bad("no depth", () -> new GenericResidualBlock.Builder().embeddingDim(4).width(3)
                .unit(new TwoLayerUnit()).build(), "GenericResidualBlock.depth is not set", ".depth(L)"));
        out.add(new Bad("no width", () -> new GenericResidualBlock.Builder().embeddingDim(4).depth(3)
                .unit(new TwoLayerUnit()).build(), "GenericResidualBlock.width is not set", ".width(M)"));
        out.add(new Bad("no embeddingDim", () -> new GenericResidualBlock.Builder().depth(3).width(2)
                .unit(new TwoLayerUnit()).build(), "embeddingDim is not set", ".embeddingDim(D)"));
        out.add(new Bad("width 0", () -> stack().width(0), "width = 0", "M ≥ 1"));
        out.add(new Bad("alpha NaN", () -> stack().alpha(Double.NaN), "alpha = NaN", "finite a > 0"));
        out.add(new Bad("nIn ≠ D", () -> stack().nIn(5).unit(new TwoLayerUnit()).build(), "nIn = 5", "embeddingDim = 4"));
        out.add(new Bad("duplicate keys", () -> stack().unit(new Declaring(List.of(UnitParam.vector("U", 4, 1),
                UnitParam.vector("U", 4, 1)))).build(), "declares the parameter key 'U' twice"));
        out.add(new Bad("no blocks", () -> stack().unit(new Declaring(List.of())).build(), "declares no parameter blocks"));
        out.add(new Bad("key with _", () -> UnitParam.vector("U_1", 4, 1.0), "UnitParam.key = 'U_1'", "letters and digits"));
        out.add(new Bad("rows 0", () -> new UnitParam("b", 0, 1, 1, true), "'b'.rows = 0"));
        out.add(new Bad("initStd 0", () -> new UnitParam("b", 1, 0, 1, true), "'b'.initStd = 0.0", "finite and > 0"));
        out.add(new Bad("sgdFactor inf", () -> new UnitParam("b", 1, 1, Double.POSITIVE_INFINITY, true),
                "'b'.sgdFactor = Infinity"));
        out.add(new Bad("2LP null activation", () -> new TwoLayerUnit(null, null, null),
                "TwoLayerUnit.activation is null", "Activation.TANH"));
        out.add(new Bad("2LP sigmaU -1", () -> new TwoLayerUnit(new ActivationTanH(), -1.0, null),
                "TwoLayerUnit.sigmaU = -1.0", "finite and > 0"));
        out.add(new Bad("bias sigmaB NaN", () -> new TwoLayerBiasUnit(new ActivationTanH(), null, Double.NaN, null),
                "TwoLayerBiasUnit.sigmaB = NaN"));
        out.add(new Bad("gated null gate", () -> new GatedUnit(new ActivationTanH(), null, null, null, null),
                "GatedUnit.gate is null"));
        out.add(new Bad("gated sigmaG inf", () -> new GatedUnit(new ActivationTanH(), new ActivationSigmoid(), null,
                Double.POSITIVE_INFINITY, null), "GatedUnit.sigmaG = Infinity"));
        out.add(new Bad("net unit + sigmaV", () -> net().sigmaV(2.0).build(), "sigmaU/sigmaV = null/2.0",
                "set them on the unit"));
        out.add(new Bad("net unit + activation", () -> net().activation(Activation.RELU).build(),
                "MeanOdeResNet.activation = relu", "pass it to the unit"));
        out.add(new Bad("net unit + semi-complete", () -> net().regime(Regime.SEMI_COMPLETE).build(),
                "regime = SEMI_COMPLETE", "σ_v = D^(1/4)"));
        out.add(new Bad("net unit + blocks", () -> net().blocks(List.of(new ScaledResidualBlock.Builder().embeddingDim(4)
                .depth(1).width(3).build())).build(), "blocks is set together with .unit"));
        out.add(new Bad("net null unit", () -> MeanOdeResNet.builder().unit(null), "MeanOdeResNet.unit is null"));
        out.add(new Bad("unknown param key", () -> stack().unit(new TwoLayerUnit()).build().getUpdaterByParam("W"),
                "unknown parameter 'W'", "[U, V]"));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badInputIsRejectedWithAClearMessage(Bad b) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b.call()::run, b.what());
        for (String s : b.shown()) {
            assertTrue(e.getMessage().contains(s), b.what() + ": message '" + e.getMessage() + "' lacks '" + s + "'");
        }
    }

    /** A hand-assembled network of a generic stack and a generic block fails the depth check. */
    @Test
    void inconsistentDepthsAreReported() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new GenericResidualStack.Builder().embeddingDim(4).depth(3).width(2).unit(new TwoLayerUnit()).build())
                .layer(new GenericResidualBlock.Builder().embeddingDim(4).depth(3).width(2).unit(new GatedUnit()).build())
                .setInputType(InputType.feedForward(4)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeanOdeResNet.checkDepths(conf));
        assertTrue(e.getMessage().contains("has depth L = 3 but the network holds 4 residual blocks"), e.getMessage());
    }

    @Test
    void wrongInputWidthIsReported() {
        DL4JInvalidConfigException c = assertThrows(DL4JInvalidConfigException.class, () -> new NeuralNetConfiguration
                .Builder().list().layer(stack().unit(new TwoLayerUnit()).build())
                .setInputType(InputType.feedForward(5)).build());
        assertTrue(c.getMessage().contains("input size 5 differs from embeddingDim D = 4"), c.getMessage());

        MultiLayerNetwork n = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(stack().unit(new TwoLayerUnit()).build()).build());
        n.init();
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 2, 5);
        DL4JInvalidInputException e = assertThrows(DL4JInvalidInputException.class, () -> n.output(x));
        assertTrue(e.getMessage().contains("expected input of shape [minibatch, 4]") && e.getMessage().contains("[2, 5]"),
                e.getMessage());
    }

    /** Test-only unit that declares the given blocks (and computes nothing). */
    static final class Declaring implements UnitFunction {
        private static final long serialVersionUID = 1L;
        private final List<UnitParam> params;

        Declaring(List<UnitParam> params) {
            this.params = params;
        }

        @Override
        public List<UnitParam> params(long d) {
            return params;
        }

        @Override
        public long[] storedColumns(long d, int m, UnitOps ops) {
            return new long[0];
        }

        @Override
        public long[] scratchColumns(long d, int m, UnitOps ops) {
            return new long[0];
        }

        @Override
        public void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored, INDArray[] scratch,
                            boolean training) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                             INDArray[] scratch, INDArray dH, INDArray[] dZ) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double forwardFlopsPerUnit(long d) {
            return 0;
        }
    }
}
