package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationCube;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * JSON round trip of configurations holding the plugin layers, built by {@link MeanOdeResNet}
 * (fused, with the ND4J_OPS kernel and checkpointing, unfused, user blocks with layer seeds) and
 * by hand (seeded, trainable embedding and
 * readout): {@code toJson()/fromJson()} of MultiLayerConfiguration and
 * ComputationGraphConfiguration gives an equal configuration with identical JSON, every plugin
 * layer equals its round-tripped copy (same hashCode), and changing any one custom field of a
 * copy makes it unequal, so equals cannot pass by ignoring our fields. Exact comparisons.
 */
class JsonRoundTripTest {

    static Stream<Arguments> specs() {
        MeanOdeResNet.Builder base = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).depth(3).width(4)
                .alpha(0.7).sigmaV(1.3).activation(Activation.IDENTITY).updater(new Adam(1e-2))
                .dataType(DataType.DOUBLE).seed(17);
        List<ScaledResidualBlock> seeded = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            seeded.add(new ScaledResidualBlock.Builder().embeddingDim(6).depth(3).width(4).alpha(2.5).sigmaU(1.1)
                    .sigmaV(0.9).seed(100 + l).build());
        }
        return Stream.of(
                Arguments.of("fused", base.fused(true).build()),
                Arguments.of("fused, ND4J_OPS kernel, checkpointing",
                        base.fused(true).kernelMode(KernelMode.ND4J_OPS).checkpointInterval(2).build()),
                Arguments.of("unfused, trainable embedding",
                        base.fused(false).checkpointInterval(0).kernelMode(KernelMode.AUTO).trainableEmbedding(true).build()),
                Arguments.of("seeded user blocks", base.blocks(seeded).trainableReadout(true).build()));
    }

    @ParameterizedTest(name = "MultiLayerConfiguration {0}")
    @MethodSource("specs")
    void multiLayerConfigurationRoundTrips(String name, MeanOdeResNet spec) {
        assertMlnRoundTrip(spec.multiLayerConfiguration());
    }

    @ParameterizedTest(name = "ComputationGraphConfiguration {0}")
    @MethodSource("specs")
    void graphConfigurationRoundTrips(String name, MeanOdeResNet spec) {
        ComputationGraphConfiguration conf = spec.graphConfiguration();
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back, "graph configuration changed in a JSON round trip");
        assertEquals(json, back.toJson(), "JSON of the restored graph configuration differs");
        Map<String, GraphVertex> vertices = conf.getVertices();
        assertEquals(vertices.keySet(), back.getVertices().keySet());
        int plugin = 0;
        for (String v : vertices.keySet()) {
            if (vertices.get(v) instanceof LayerVertex lv) {
                Layer restored = ((LayerVertex) back.getVertices().get(v)).getLayerConf().getLayer();
                plugin += assertLayerRoundTrip(lv.getLayerConf().getLayer(), restored);
            }
        }
        assertTrue(plugin >= 3, "expected embedding, residual layer(s) and readout, found " + plugin + " plugin layers");

        ComputationGraphConfiguration changed = ComputationGraphConfiguration.fromJson(json);
        Layer readout = ((LayerVertex) changed.getVertices().get(MeanOdeResNet.READOUT)).getLayerConf().getLayer();
        ((BaseScaledDense) readout).setSeed(99L);
        assertNotEquals(conf, changed, "graph equals ignores the readout's seed");
    }

    /** Hand-built: every layer carries its own seed; embedding and readout are trainable. */
    @ParameterizedTest(name = "hand-built, activation {0}")
    @MethodSource("activations")
    void handBuiltSeededConfigurationRoundTrips(Activation act) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-3)).list()
                .layer(new MeanOdeEmbedding.Builder().nIn(3).nOut(5).trainable(true).seed(11).build())
                .layer(new ScaledResidualStack.Builder().embeddingDim(5).depth(4).width(2).alpha(3.0).sigmaU(0.5)
                        .sigmaV(0.25).activation(act).seed(12).build())
                .layer(new ScaledResidualBlock.Builder().embeddingDim(5).depth(4).width(2).alpha(3.0).seed(13)
                        .activation(act).build())
                .layer(new MeanOdeReadout.Builder().nIn(5).nOut(2).trainable(true).seed(14).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build();
        assertMlnRoundTrip(conf);
    }

    static Stream<Activation> activations() {
        return Stream.of(Activation.TANH, Activation.IDENTITY);
    }

    private static void assertMlnRoundTrip(MultiLayerConfiguration conf) {
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back, "configuration changed in a JSON round trip");
        assertEquals(json, back.toJson(), "JSON of the restored configuration differs");
        assertEquals(conf.getConfs().size(), back.getConfs().size());
        int plugin = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            plugin += assertLayerRoundTrip(conf.getConf(i).getLayer(), back.getConf(i).getLayer());
        }
        assertTrue(plugin >= 3, "expected embedding, residual layer(s) and readout, found " + plugin + " plugin layers");

        MultiLayerConfiguration changed = MultiLayerConfiguration.fromJson(json);
        BaseScaledResidual r = (BaseScaledResidual) changed.getConf(1).getLayer();
        r.setAlpha(r.getAlpha() * 2);
        assertNotEquals(conf, changed, "MultiLayerConfiguration equals ignores a residual layer's alpha");
    }

    /** @return 1 if the pair is a plugin layer (checked in depth), else 0 */
    private static int assertLayerRoundTrip(Layer original, Layer restored) {
        assertEquals(original.getClass(), restored.getClass(), "layer class changed in the round trip");
        assertEquals(original, restored, "layer " + original.getLayerName() + " changed in the round trip");
        assertEquals(original.hashCode(), restored.hashCode(), "hashCode of " + original.getLayerName());
        if (original instanceof BaseScaledResidual) {
            assertEquals(original.toString(), restored.toString());
            for (var m : residualMutations().entrySet()) {
                BaseScaledResidual copy = (BaseScaledResidual) restored.clone();
                assertEquals(original, copy, "clone of " + original);
                m.getValue().accept(copy);
                assertNotEquals(original, copy, original.getClass().getSimpleName() + ".equals ignores " + m.getKey());
            }
            return 1;
        }
        if (original instanceof BaseScaledDense) {
            assertEquals(original.toString(), restored.toString());
            for (var m : denseMutations().entrySet()) {
                BaseScaledDense copy = (BaseScaledDense) restored.clone();
                m.getValue().accept(copy);
                assertNotEquals(original, copy, original.getClass().getSimpleName() + ".equals ignores " + m.getKey());
            }
            return 1;
        }
        return 0;
    }

    private static Map<String, Consumer<BaseScaledResidual>> residualMutations() {
        Map<String, Consumer<BaseScaledResidual>> m = new LinkedHashMap<>();
        m.put("alpha", c -> c.setAlpha(c.getAlpha() + 0.5));
        m.put("sigmaU", c -> c.setSigmaU(c.getSigmaU() * 1.5));
        m.put("sigmaV", c -> c.setSigmaV(c.getSigmaV() * 1.5));
        m.put("depth", c -> c.setDepth(c.getDepth() + 1));
        m.put("width", c -> c.setWidth(c.getWidth() + 1));
        m.put("seed", c -> c.setSeed(c.getSeed() == null ? 1L : c.getSeed() + 1));
        m.put("activation", c -> c.setActivationFn(new ActivationCube()));
        m.put("kernelMode", c -> c.setKernelMode(c.getKernelMode() == KernelMode.ND4J_OPS ? KernelMode.AUTO
                : KernelMode.ND4J_OPS));
        m.put("checkpointInterval (stack only)", c -> {
            if (c instanceof ScaledResidualStack s) {
                s.setCheckpointInterval(s.getCheckpointInterval() + 1);
            } else {
                c.setSeed(c.getSeed() == null ? 2L : c.getSeed() + 2);
            }
        });
        return m;
    }

    private static Map<String, Consumer<BaseScaledDense>> denseMutations() {
        Map<String, Consumer<BaseScaledDense>> m = new LinkedHashMap<>();
        m.put("trainable", c -> c.setTrainable(!c.isTrainable()));
        m.put("seed", c -> c.setSeed(c.getSeed() == null ? 1L : c.getSeed() + 1));
        m.put("nOut", c -> c.setNOut(c.getNOut() + 1));
        return m;
    }
}
