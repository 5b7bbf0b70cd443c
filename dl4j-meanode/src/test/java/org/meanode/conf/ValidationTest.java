package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Every bad input is rejected with the documented exception and a message that names the
 * field, the value seen and the call that fixes it:
 * <ul>
 *   <li>D, M, L ≤ 0, α ≤ 0 / NaN / ±∞, σ_u, σ_v ≤ 0 / NaN on the layer builders and on
 *       {@link MeanOdeResNet#builder()}: {@link IllegalArgumentException};</li>
 *   <li>missing embeddingDim, nIn/nOut inconsistent with embeddingDim, blocks or hand-assembled
 *       configurations whose depth differs from their number of blocks, AdaDelta:
 *       {@link IllegalArgumentException};</li>
 *   <li>an input of the wrong width at runtime: {@link DL4JInvalidInputException} naming the
 *       expected and the actual size;</li>
 *   <li>checkpoint interval &lt; 0 or &gt; L, checkpointing of unfused blocks, a null kernel mode:
 *       {@link IllegalArgumentException}; {@link KernelMode#DIRECT_BLAS} where it cannot run
 *       (float16): {@link IllegalStateException} at the first forward pass.</li>
 * </ul>
 * Messages are checked by substring (exact, no tolerance).
 */
class ValidationTest {

    /** A named bad call: which field, which value, what the message must show. */
    record Bad(String what, String field, String shownValue, Runnable call) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static final double[] BAD_ALPHA = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private static final double[] BAD_SIGMA = {0.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY};
    private static final int[] BAD_SIZE = {0, -3};

    /** Bad field values for the block builder, the stack builder and the network builder. */
    static Stream<Bad> badArguments() {
        List<Bad> out = new ArrayList<>();
        addLayer(out, "ScaledResidualBlock.Builder", ScaledResidualBlock.Builder::new);
        addLayer(out, "ScaledResidualStack.Builder", ScaledResidualStack.Builder::new);
        for (int v : BAD_SIZE) {
            out.add(new Bad("MeanOdeResNet.nIn=" + v, "nIn", "" + v, () -> MeanOdeResNet.builder().nIn(v)));
            out.add(new Bad("MeanOdeResNet.nOut=" + v, "nOut", "" + v, () -> MeanOdeResNet.builder().nOut(v)));
            out.add(new Bad("MeanOdeResNet.embeddingDim=" + v, "embeddingDim", "" + v,
                    () -> MeanOdeResNet.builder().embeddingDim(v)));
            out.add(new Bad("MeanOdeResNet.depth=" + v, "depth", "" + v, () -> MeanOdeResNet.builder().depth(v)));
            out.add(new Bad("MeanOdeResNet.width=" + v, "width", "" + v, () -> MeanOdeResNet.builder().width(v)));
        }
        for (double v : BAD_ALPHA) {
            out.add(new Bad("MeanOdeResNet.alpha=" + v, "alpha", "" + v, () -> MeanOdeResNet.builder().alpha(v)));
        }
        for (double v : BAD_SIGMA) {
            out.add(new Bad("MeanOdeResNet.sigmaU=" + v, "sigmaU", "" + v, () -> MeanOdeResNet.builder().sigmaU(v)));
            out.add(new Bad("MeanOdeResNet.sigmaV=" + v, "sigmaV", "" + v, () -> MeanOdeResNet.builder().sigmaV(v)));
        }
        return out.stream();
    }

    private static <B extends BaseScaledResidual.Builder<B>> void addLayer(List<Bad> out, String owner,
                                                                            Supplier<B> fresh) {
        for (int v : BAD_SIZE) {
            out.add(bad(owner, "embeddingDim", "" + v, () -> fresh.get().embeddingDim(v)));
            out.add(bad(owner, "depth", "" + v, () -> fresh.get().depth(v)));
            out.add(bad(owner, "width", "" + v, () -> fresh.get().width(v)));
        }
        for (double v : BAD_ALPHA) {
            out.add(bad(owner, "alpha", "" + v, () -> fresh.get().alpha(v)));
        }
        for (double v : BAD_SIGMA) {
            out.add(bad(owner, "sigmaU", "" + v, () -> fresh.get().sigmaU(v)));
            out.add(bad(owner, "sigmaV", "" + v, () -> fresh.get().sigmaV(v)));
        }
    }

    private static Bad bad(String owner, String field, String value, Runnable call) {
        return new Bad(owner + "." + field + "=" + value, field, value, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void badArgumentIsRejectedWithFieldValueAndFix(Bad bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad.call()::run, bad.what());
        assertMessage(e, bad.field(), "= " + bad.shownValue(), "." + bad.field() + "(");
    }

    @Test
    void missingEmbeddingDimIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualStack.Builder().depth(3).width(2).build());
        assertMessage(e, "embeddingDim", "not set", ".embeddingDim(");
        e = assertThrows(IllegalArgumentException.class,
                () -> MeanOdeResNet.builder().nIn(3).nOut(2).depth(3).width(2).build());
        assertMessage(e, "MeanOdeResNet", "embeddingDim", "not set", ".embeddingDim(");
    }

    @Test
    void missingDepthOrWidthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualBlock.Builder().embeddingDim(4).width(2).build());
        assertMessage(e, "depth", "not set", ".depth(");
        e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualBlock.Builder().embeddingDim(4).depth(2).build());
        assertMessage(e, "width", "not set", ".width(");
        e = assertThrows(IllegalArgumentException.class,
                () -> MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).width(2).build());
        assertMessage(e, "MeanOdeResNet.depth", "not set", ".depth(");
    }

    @Test
    void nInOrNOutInconsistentWithEmbeddingDimIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualBlock.Builder().nIn(5).embeddingDim(4).depth(2).width(3).build());
        assertMessage(e, "nIn = 5", "embeddingDim = 4", ".embeddingDim(");
        e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualStack.Builder().nOut(7).embeddingDim(4).depth(2).width(3).build());
        assertMessage(e, "nOut = 7", "embeddingDim = 4", ".embeddingDim(");
    }

    @Test
    void wrongInputWidthIntoStackIsRejectedAtRuntime() {
        int d = 6;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1)).list()
                .layer(new ScaledResidualStack.Builder().embeddingDim(d).depth(3).width(2).name("stack").build())
                .setInputType(InputType.feedForward(d)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.output(Nd4j.rand(DataType.DOUBLE, 4, d)); // the right width works
        DL4JInvalidInputException e = assertThrows(DL4JInvalidInputException.class,
                () -> net.output(Nd4j.rand(DataType.DOUBLE, 4, d + 1)));
        assertMessage(e, "ScaledResidualStack", "[minibatch, " + d + "]", "[4, " + (d + 1) + "]");
    }

    @Test
    void wrongInputWidthIntoNetworkEmbeddingIsRejectedAtRuntime() {
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(5).nOut(2).embeddingDim(6).depth(3).width(2)
                .dataType(DataType.DOUBLE).build().multiLayerNetwork();
        DL4JInvalidInputException e = assertThrows(DL4JInvalidInputException.class,
                () -> net.output(Nd4j.rand(DataType.DOUBLE, 4, 7)));
        assertMessage(e, "MeanOdeEmbedding", "[minibatch, 5]", "[4, 7]");
    }

    @Test
    void blockWithWrongDepthIsRejectedByNetworkBuilder() {
        int depth = 3;
        List<ScaledResidualBlock> blocks = new ArrayList<>();
        for (int l = 0; l < depth; l++) {
            blocks.add(new ScaledResidualBlock.Builder().embeddingDim(4).depth(l == 1 ? depth + 1 : depth).width(2).build());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).blocks(blocks).build());
        assertMessage(e, "blocks[1]", "depth = " + (depth + 1), ".depth(" + depth + ")");
    }

    @Test
    void checkDepthsRejectsHandAssembledMultiLayerConfiguration() {
        // A stack of 2 blocks plus 1 block: the network holds 3 blocks, the stack claims L = 2.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1)).list()
                .layer(new ScaledResidualStack.Builder().embeddingDim(4).depth(2).width(2).name("s").build())
                .layer(new ScaledResidualBlock.Builder().embeddingDim(4).depth(3).width(2).name("b").build())
                .setInputType(InputType.feedForward(4)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeanOdeResNet.checkDepths(conf));
        assertMessage(e, "'s'", "depth L = 2", "3 residual blocks", ".depth(3)");
    }

    @Test
    void checkDepthsRejectsHandAssembledGraphConfiguration() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1)).graphBuilder()
                .addInputs("in")
                .addLayer("b0", new ScaledResidualBlock.Builder().embeddingDim(4).depth(2).width(2).build(), "in")
                .addLayer("b1", new ScaledResidualBlock.Builder().embeddingDim(4).depth(2).width(2).build(), "b0")
                .addLayer("b2", new ScaledResidualBlock.Builder().embeddingDim(4).depth(2).width(2).build(), "b1")
                .setOutputs("b2").setInputTypes(InputType.feedForward(4)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeanOdeResNet.checkDepths(conf));
        assertMessage(e, "depth L = 2", "3 residual blocks", ".depth(3)");
    }

    @Test
    void consistentHandAssembledConfigurationPasses() {
        // Three blocks, each told L = 3 (a stack holds all L blocks of its network, so it stands alone).
        NeuralNetConfiguration.ListBuilder lb = new NeuralNetConfiguration.Builder().updater(new Sgd(0.1)).list();
        for (int l = 0; l < 3; l++) {
            lb.layer(new ScaledResidualBlock.Builder().embeddingDim(4).depth(3).width(2).build());
        }
        MeanOdeResNet.checkDepths(lb.setInputType(InputType.feedForward(4)).build());
        MeanOdeResNet.checkDepths(new NeuralNetConfiguration.Builder().updater(new Sgd(0.1)).list()
                .layer(new ScaledResidualStack.Builder().embeddingDim(4).depth(3).width(2).build())
                .setInputType(InputType.feedForward(4)).build());
    }

    @Test
    void adaDeltaIsRejected() {
        Consumer<IllegalArgumentException> check = e -> assertMessage(e, "updater = AdaDelta", "no learning rate", "Sgd", "Adam");
        check.accept(assertThrows(IllegalArgumentException.class, () -> MeanOdeResNet.builder().updater(new AdaDelta())));
        ScaledResidualStack stack = new ScaledResidualStack.Builder().embeddingDim(4).depth(2).width(2)
                .updater(new AdaDelta()).build();
        check.accept(assertThrows(IllegalArgumentException.class, () -> stack.getUpdaterByParam("U")));
    }

    @Test
    void badCheckpointIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualStack.Builder().checkpointInterval(-1));
        assertMessage(e, "checkpointInterval = -1", ".checkpointInterval(k)");
        e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualStack.Builder().embeddingDim(4).depth(3).width(2).checkpointInterval(4).build());
        assertMessage(e, "checkpointInterval = 4", "depth L = 3", ".checkpointInterval(k) with 1 ≤ k ≤ 3");
        e = assertThrows(IllegalArgumentException.class, () -> MeanOdeResNet.builder().checkpointInterval(-2));
        assertMessage(e, "MeanOdeResNet.checkpointInterval = -2", ".checkpointInterval(k)");
        e = assertThrows(IllegalArgumentException.class,
                () -> MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(2).checkpointInterval(5).build());
        assertMessage(e, "MeanOdeResNet.checkpointInterval = 5", "depth L = 3", ".checkpointing(true)");
    }

    @Test
    void checkpointingUnfusedBlocksIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(4).width(2).fused(false)
                        .checkpointing(true).build());
        assertMessage(e, "checkpointing", "fused(false)", ".fused(true)");
    }

    @Test
    void nullKernelModeIsRejected() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> MeanOdeResNet.builder().kernelMode(null)),
                "MeanOdeResNet.kernelMode is null", "KernelMode.AUTO");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new ScaledResidualStack.Builder().kernelMode(null)),
                "kernelMode is null", "KernelMode.AUTO");
    }

    @Test
    void directBlasWhereUnavailableFailsWithTheFix() {
        // Direct BLAS covers float32 and float64 only; float16 must fail with a message, AUTO must fall back.
        MeanOdeResNet.Builder b = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(2)
                .dataType(DataType.HALF);
        MultiLayerNetwork direct = b.kernelMode(KernelMode.DIRECT_BLAS).build().multiLayerNetwork();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> direct.output(Nd4j.rand(DataType.HALF, 2, 3)));
        assertMessage(e, "ScaledResidualStack 'stack'", "kernelMode = DIRECT_BLAS", "HALF", "KernelMode.AUTO");
        MultiLayerNetwork auto = b.kernelMode(KernelMode.AUTO).build().multiLayerNetwork();
        auto.output(Nd4j.rand(DataType.HALF, 2, 3));
    }

    private static void assertMessage(Throwable e, String... parts) {
        String msg = e.getMessage();
        for (String p : parts) {
            assertTrue(msg != null && msg.contains(p), "message should contain '" + p + "': " + msg);
        }
    }
}
