package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.network.MeanOdeResNet;
import org.meanode.testutil.Arrays2;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A frozen (default) MeanOdeEmbedding and MeanOdeReadout keep their W bit for bit through
 * fit(), with Sgd and Adam, in MultiLayerNetwork and ComputationGraph, fused and unfused, and
 * also when the network sets L2 or weight decay; the residual U and V do move (relative change
 * &gt; 1e-6). Tolerance: exact equality for frozen params.
 */
class FrozenParamsTest {
    private static final int STEPS = 3;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (boolean graph : new boolean[] {false, true}) {
            for (boolean fused : new boolean[] {true, false}) {
                out.add(Arguments.of(graph, fused, new Sgd(0.1)));
                out.add(Arguments.of(graph, fused, new Adam(1e-2)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "graph={0} fused={1} {2}")
    @MethodSource("cases")
    void frozenEmbeddingAndReadoutDoNotMove(boolean graph, boolean fused, IUpdater updater) {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).depth(3).width(2).alpha(1.5)
                .updater(updater).fused(fused).dataType(DataType.DOUBLE).seed(8).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        assertFrozenOnly(net, graph ? MeanOdeResNet.EMBEDDING + "_W" : "0_W",
                graph ? MeanOdeResNet.READOUT + "_W" : (fused ? 2 : 4) + "_W");
    }

    static Stream<Arguments> regularized() {
        return Stream.of(Arguments.of("l2", 0.1), Arguments.of("weightDecay", 0.1));
    }

    /** DL4J applies L2 and weight decay in the updater, outside the layer's (zero) gradient. */
    @ParameterizedTest(name = "{0}({1})")
    @MethodSource("regularized")
    void frozenLayersIgnoreRegularization(String kind, double coeff) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder().seed(9).dataType(DataType.DOUBLE)
                .updater(new Sgd(0.1));
        b = "l2".equals(kind) ? b.l2(coeff) : b.weightDecay(coeff);
        MultiLayerConfiguration conf = b.list()
                .layer(new MeanOdeEmbedding.Builder().nIn(3).nOut(5).build())
                .layer(new ScaledResidualStack.Builder().embeddingDim(5).depth(3).width(2).build())
                .layer(new MeanOdeReadout.Builder().nIn(5).nOut(2).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(3)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertFrozenOnly(net, "0_W", "2_W");
    }

    private static void assertFrozenOnly(Model net, String embeddingKey, String readoutKey) {
        Map<String, INDArray> before = copy(net.paramTable());
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(31, 6, 3)), Arrays2.nd(Arrays2.gaussian(32, 6, 2)));
        for (int k = 0; k < STEPS; k++) {
            if (net instanceof ComputationGraph g) {
                g.fit(ds);
            } else {
                ((MultiLayerNetwork) net).fit(ds);
            }
        }
        Map<String, INDArray> after = net.paramTable();
        assertEquals(before.keySet(), after.keySet());
        for (String key : before.keySet()) {
            boolean frozen = key.equals(embeddingKey) || key.equals(readoutKey);
            double change = Arrays2.relError(after.get(key), before.get(key));
            if (frozen) {
                assertEquals(before.get(key), after.get(key), "frozen " + key + " moved: relative change " + change);
            } else {
                assertTrue(change > 1e-6, "residual " + key + " did not move: relative change " + change);
            }
        }
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> table) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
