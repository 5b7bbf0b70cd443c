package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationCube;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * JSON round trips of the generic layers and of the unit functions: configurations built by
 * {@link MeanOdeResNet#builder()} with each unit (fused and unfused, MultiLayerConfiguration and
 * ComputationGraphConfiguration) and by hand (layer seeds, mixed block and stack, bias updater)
 * come back equal with identical JSON; every generic layer equals its restored copy (same
 * hashCode), and changing any one of its fields, or any one field of its unit, makes it unequal.
 * Units alone round-trip through DL4J's JSON mapper (with their class name) and Java
 * serialization. Exact comparisons.
 */
class GenericJsonRoundTripTest {

    static Stream<UnitFunction> units() {
        return Stream.of(new TwoLayerUnit(), new TwoLayerUnit(new ActivationSoftPlus(), 1.5, null),
                new TwoLayerBiasUnit(), new TwoLayerBiasUnit(new ActivationSigmoid(), null, 0.5, 2.0),
                new GatedUnit(), new GatedUnit(new ActivationTanH(), new ActivationTanH(), 1.0, 2.0, 3.0));
    }

    static Stream<Arguments> specs() {
        return units().flatMap(u -> Stream.of(true, false).map(fused -> Arguments.of(u, fused,
                MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).depth(3).width(4).alpha(0.7)
                        .updater(new Adam(1e-2)).dataType(DataType.DOUBLE).seed(17).unit(u).fused(fused).build())));
    }

    @ParameterizedTest(name = "{0} fused={1}")
    @MethodSource("specs")
    void networkConfigurationsRoundTrip(UnitFunction unit, boolean fused, MeanOdeResNet spec) {
        MultiLayerConfiguration conf = spec.multiLayerConfiguration();
        String json = conf.toJson();
        assertTrue(json.contains("\"@class\" : \"" + unit.getClass().getName() + "\""), "unit class name not in JSON");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back, "configuration changed in a JSON round trip");
        assertEquals(json, back.toJson(), "JSON of the restored configuration differs");
        int generic = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            generic += assertLayerRoundTrip(conf.getConf(i).getLayer(), back.getConf(i).getLayer());
        }
        assertEquals(fused ? 1 : 3, generic, "generic layers found");

        ComputationGraphConfiguration graph = spec.graphConfiguration();
        String gJson = graph.toJson();
        ComputationGraphConfiguration gBack = ComputationGraphConfiguration.fromJson(gJson);
        assertEquals(graph, gBack, "graph configuration changed in a JSON round trip");
        assertEquals(gJson, gBack.toJson(), "JSON of the restored graph configuration differs");
        for (var e : graph.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                assertLayerRoundTrip(lv.getLayerConf().getLayer(),
                        ((LayerVertex) gBack.getVertices().get(e.getKey())).getLayerConf().getLayer());
            }
        }
    }

    /**
     * Hand-built (depths not consistent on purpose, JSON does not check them): layer seeds, a generic
     * stack followed by a generic block, a bias updater and l2.
     */
    @Test
    void handBuiltConfigurationRoundTrips() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new Adam(1e-3)).biasUpdater(new Sgd(0.1)).l2(1e-4).list()
                .layer(new MeanOdeEmbedding.Builder().nIn(3).nOut(5).seed(11).build())
                .layer(new GenericResidualStack.Builder().embeddingDim(5).depth(4).width(2).alpha(3.0)
                        .unit(new TwoLayerBiasUnit()).seed(12).build())
                .layer(new GenericResidualBlock.Builder().embeddingDim(5).depth(4).width(2).alpha(3.0)
                        .unit(new GatedUnit()).seed(13).build())
                .layer(new MeanOdeReadout.Builder().nIn(5).nOut(2).seed(14).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build();
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());
        assertEquals(2, assertLayerRoundTrip(conf.getConf(1).getLayer(), back.getConf(1).getLayer())
                + assertLayerRoundTrip(conf.getConf(2).getLayer(), back.getConf(2).getLayer()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("units")
    void unitsRoundTripAlone(UnitFunction unit) throws IOException, ClassNotFoundException {
        String json = NeuralNetConfiguration.mapper().writeValueAsString(unit);
        UnitFunction back = NeuralNetConfiguration.mapper().readValue(json, UnitFunction.class);
        assertEquals(unit, back, "unit changed in a JSON round trip: " + json);
        assertEquals(unit.hashCode(), back.hashCode());
        assertEquals(unit.toString(), back.toString());

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(unit);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(unit, in.readObject(), "unit changed in a Java serialization round trip");
        }
    }

    /** equals sees every field of every unit: one changed field makes units unequal. */
    @Test
    void unitEqualsSeesEveryField() {
        Map<String, UnitFunction[]> pairs = new LinkedHashMap<>();
        pairs.put("TwoLayerUnit.activation", new UnitFunction[] {new TwoLayerUnit(),
            new TwoLayerUnit(Activation.CUBE)});
        pairs.put("TwoLayerUnit.sigmaU", new UnitFunction[] {new TwoLayerUnit(new ActivationTanH(), 1.0, 1.0),
            new TwoLayerUnit(new ActivationTanH(), 2.0, 1.0)});
        pairs.put("TwoLayerUnit.sigmaV", new UnitFunction[] {new TwoLayerUnit(new ActivationTanH(), 1.0, 1.0),
            new TwoLayerUnit(new ActivationTanH(), 1.0, null)});
        pairs.put("TwoLayerBiasUnit.activation", new UnitFunction[] {new TwoLayerBiasUnit(),
            new TwoLayerBiasUnit(Activation.CUBE)});
        pairs.put("TwoLayerBiasUnit.sigmaU", new UnitFunction[] {new TwoLayerBiasUnit(),
            new TwoLayerBiasUnit(new ActivationTanH(), 2.0, 1.0, null)});
        pairs.put("TwoLayerBiasUnit.sigmaB", new UnitFunction[] {new TwoLayerBiasUnit(),
            new TwoLayerBiasUnit(new ActivationTanH(), null, 2.0, null)});
        pairs.put("TwoLayerBiasUnit.sigmaV", new UnitFunction[] {new TwoLayerBiasUnit(),
            new TwoLayerBiasUnit(new ActivationTanH(), null, 1.0, 2.0)});
        GatedUnit g = new GatedUnit();
        pairs.put("GatedUnit.activation", new UnitFunction[] {g,
            new GatedUnit(new ActivationCube(), new ActivationSigmoid(), null, null, null)});
        pairs.put("GatedUnit.gate", new UnitFunction[] {g,
            new GatedUnit(new ActivationTanH(), new ActivationTanH(), null, null, null)});
        pairs.put("GatedUnit.sigmaU", new UnitFunction[] {g,
            new GatedUnit(new ActivationTanH(), new ActivationSigmoid(), 2.0, null, null)});
        pairs.put("GatedUnit.sigmaG", new UnitFunction[] {g,
            new GatedUnit(new ActivationTanH(), new ActivationSigmoid(), null, 2.0, null)});
        pairs.put("GatedUnit.sigmaV", new UnitFunction[] {g,
            new GatedUnit(new ActivationTanH(), new ActivationSigmoid(), null, null, 2.0)});
        pairs.put("unit class", new UnitFunction[] {new TwoLayerUnit(), new GatedUnit()});
        for (var e : pairs.entrySet()) {
            assertNotEquals(e.getValue()[0], e.getValue()[1], "equals ignores " + e.getKey());
        }
        assertEquals(new GatedUnit(), new GatedUnit(new ActivationTanH(), new ActivationSigmoid(), null, null, null));
    }

    /** @return 1 if the pair is a generic layer (checked in depth), else 0 */
    private static int assertLayerRoundTrip(Layer original, Layer restored) {
        assertEquals(original.getClass(), restored.getClass(), "layer class changed in the round trip");
        assertEquals(original, restored, "layer " + original.getLayerName() + " changed in the round trip");
        assertEquals(original.hashCode(), restored.hashCode(), "hashCode of " + original.getLayerName());
        if (!(original instanceof BaseScaledResidual r && r.getUnit() != null)) {
            return 0;
        }
        assertEquals(original.toString(), restored.toString());
        for (var m : mutations().entrySet()) {
            BaseScaledResidual copy = (BaseScaledResidual) restored.clone();
            assertEquals(original, copy, "clone of " + original);
            m.getValue().accept(copy);
            assertNotEquals(original, copy, original.getClass().getSimpleName() + ".equals ignores " + m.getKey());
        }
        return 1;
    }

    private static Map<String, Consumer<BaseScaledResidual>> mutations() {
        Map<String, Consumer<BaseScaledResidual>> m = new LinkedHashMap<>();
        m.put("alpha", c -> c.setAlpha(c.getAlpha() + 0.5));
        m.put("depth", c -> c.setDepth(c.getDepth() + 1));
        m.put("width", c -> c.setWidth(c.getWidth() + 1));
        m.put("seed", c -> c.setSeed(c.getSeed() == null ? 1L : c.getSeed() + 1));
        m.put("unit", c -> c.setUnit(c.getUnit() instanceof GatedUnit ? new TwoLayerUnit() : new GatedUnit()));
        m.put("unit scale", c -> c.setUnit(List.of(new TwoLayerUnit(new ActivationTanH(), 0.123, null),
                new GatedUnit()).get(c.getUnit() instanceof TwoLayerUnit ? 1 : 0)));
        return m;
    }
}
