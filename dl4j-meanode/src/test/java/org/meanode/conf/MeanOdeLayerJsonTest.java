package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationCube;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * JSON round trip of limit networks ({@link MeanOdeResNet.Builder#limit}, every solver and node
 * scheme, shared and fresh nodes): MultiLayerConfiguration and ComputationGraphConfiguration give
 * equal configurations with identical JSON, the {@link MeanOdeLayer} equals its round-tripped copy
 * (same hashCode, same toString), and changing any one of its fields makes it unequal, so equals
 * cannot pass by ignoring a field. Exact comparisons.
 */
class MeanOdeLayerJsonTest {

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of(OdeSolver.EULER, NodeScheme.IID, true),
                Arguments.of(OdeSolver.HEUN, NodeScheme.ANTITHETIC, false),
                Arguments.of(OdeSolver.RK3, NodeScheme.SOBOL, true),
                Arguments.of(OdeSolver.RK4, NodeScheme.SOBOL, false));
    }

    private static MeanOdeResNet spec(OdeSolver solver, NodeScheme scheme, boolean fresh) {
        return MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).limit(8, 3, solver, scheme, fresh).alpha(0.7)
                .sigmaU(1.1).sigmaV(1.3).activation(Activation.IDENTITY).updater(new Adam(1e-2))
                .dataType(DataType.DOUBLE).seed(17).build();
    }

    @ParameterizedTest(name = "MultiLayerConfiguration {0} {1} fresh={2}")
    @MethodSource("specs")
    void multiLayerConfigurationRoundTrips(OdeSolver solver, NodeScheme scheme, boolean fresh) {
        MultiLayerConfiguration conf = spec(solver, scheme, fresh).multiLayerConfiguration();
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back, "configuration changed in a JSON round trip");
        assertEquals(json, back.toJson(), "JSON of the restored configuration differs");
        assertLayerRoundTrip(conf.getConf(1).getLayer(), back.getConf(1).getLayer());
    }

    @ParameterizedTest(name = "ComputationGraphConfiguration {0} {1} fresh={2}")
    @MethodSource("specs")
    void graphConfigurationRoundTrips(OdeSolver solver, NodeScheme scheme, boolean fresh) {
        ComputationGraphConfiguration conf = spec(solver, scheme, fresh).graphConfiguration();
        String json = conf.toJson();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back, "graph configuration changed in a JSON round trip");
        assertEquals(json, back.toJson(), "JSON of the restored graph configuration differs");
        assertLayerRoundTrip(((LayerVertex) conf.getVertices().get(MeanOdeResNet.LIMIT)).getLayerConf().getLayer(),
                ((LayerVertex) back.getVertices().get(MeanOdeResNet.LIMIT)).getLayerConf().getLayer());
    }

    private static void assertLayerRoundTrip(Layer original, Layer restored) {
        assertTrue(original instanceof MeanOdeLayer, "layer 'limit' is a MeanOdeLayer, got " + original);
        assertEquals(original.getClass(), restored.getClass());
        assertEquals(original, restored, "MeanOdeLayer changed in the round trip");
        assertEquals(original.hashCode(), restored.hashCode());
        assertEquals(original.toString(), restored.toString());
        for (var m : mutations().entrySet()) {
            MeanOdeLayer copy = (MeanOdeLayer) restored.clone();
            assertEquals(original, copy, "clone of " + original);
            m.getValue().accept(copy);
            assertNotEquals(original, copy, "MeanOdeLayer.equals ignores " + m.getKey());
        }
    }

    private static Map<String, Consumer<MeanOdeLayer>> mutations() {
        Map<String, Consumer<MeanOdeLayer>> m = new LinkedHashMap<>();
        m.put("nodes", c -> c.setNodes(c.getNodes() + 2));
        m.put("steps", c -> c.setSteps(c.getSteps() + 1));
        m.put("solver", c -> c.setSolver(c.getSolver() == OdeSolver.RK4 ? OdeSolver.HEUN : OdeSolver.RK4));
        m.put("nodeScheme", c -> c.setNodeScheme(c.getNodeScheme() == NodeScheme.IID ? NodeScheme.SOBOL : NodeScheme.IID));
        m.put("freshNodes", c -> c.setFreshNodes(!c.isFreshNodes()));
        m.put("alpha", c -> c.setAlpha(c.getAlpha() + 0.5));
        m.put("sigmaU", c -> c.setSigmaU(c.getSigmaU() * 1.5));
        m.put("sigmaV", c -> c.setSigmaV(c.getSigmaV() * 1.5));
        m.put("seed", c -> c.setSeed(c.getSeed() == null ? 1L : c.getSeed() + 1));
        m.put("activation", c -> c.setActivationFn(new ActivationCube()));
        return m;
    }
}
