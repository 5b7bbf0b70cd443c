package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * ModelSerializer round trip of networks with generic layers, for each unit (MultiLayerNetwork
 * with a fused stack, ComputationGraph with unfused blocks, trainable readout, α = 0.7), trained
 * 3 Adam steps before saving. After {@code writeModel(net, file, true)} and restore with the
 * updater: configuration, parameters, updater state and outputs are identical (exact), and 3 more
 * Adam steps on both give parameters equal to {@value #TOL} (max absolute difference over
 * max(1, max |param|)). Control: restored without the updater state, the network drifts away
 * (difference &gt; 1e-8).
 */
class GenericModelSerializerTest {
    private static final double TOL = 1e-12;
    private static final int STEPS = 3;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(new TwoLayerUnit(), new TwoLayerBiasUnit(new ActivationSoftPlus(), null, 0.5, null),
                new GatedUnit()).flatMap(u -> Stream.of(Arguments.of(u, false), Arguments.of(u, true)));
    }

    @ParameterizedTest(name = "{0} graph={1}")
    @MethodSource("cases")
    void restoredNetworkIsIdenticalAndTrainsIdentically(UnitFunction unit, boolean graph) throws IOException {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).depth(3).width(2).alpha(0.7)
                .unit(unit).fused(!graph).trainableReadout(true).updater(new Adam(1e-2)).dataType(DataType.DOUBLE)
                .seed(29).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(71, 6, 3)), Arrays2.nd(Arrays2.gaussian(72, 6, 2)));
        INDArray probe = Arrays2.nd(Arrays2.gaussian(73, 4, 3));
        fit(net, ds, STEPS);
        INDArray state = updaterState(net);
        assertTrue(state.norm2Number().doubleValue() > 0, "Adam state is still zero before saving");

        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        Model restored = restore(file, graph, true);
        if (graph) {
            assertEquals(((ComputationGraph) net).getConfiguration(), ((ComputationGraph) restored).getConfiguration());
        } else {
            assertEquals(((MultiLayerNetwork) net).getLayerWiseConfigurations(),
                    ((MultiLayerNetwork) restored).getLayerWiseConfigurations());
        }
        assertEquals(net.params(), restored.params(), "parameters changed in the round trip");
        assertEquals(state, updaterState(restored), "updater state changed in the round trip");
        assertEquals(ExactnessContractTest.output(net, probe), ExactnessContractTest.output(restored, probe),
                "outputs changed in the round trip");

        fit(net, ds, STEPS);
        fit(restored, ds, STEPS);
        double diff = scaledMaxDiff(net.params(), restored.params());
        assertTrue(diff <= TOL, "after " + STEPS + " more Adam steps the restored network differs by " + diff);

        Model fresh = restore(file, graph, false);
        fit(fresh, ds, STEPS);
        double drift = scaledMaxDiff(restored.params(), fresh.params());
        assertTrue(drift > 1e-8, "control: dropping the Adam state changed nothing (difference " + drift + ")");
    }

    private static Model restore(File file, boolean graph, boolean loadUpdater) throws IOException {
        return graph ? ModelSerializer.restoreComputationGraph(file, loadUpdater)
                : ModelSerializer.restoreMultiLayerNetwork(file, loadUpdater);
    }

    private static INDArray updaterState(Model net) {
        INDArray s = net instanceof ComputationGraph g ? g.getUpdater().getStateViewArray()
                : ((MultiLayerNetwork) net).getUpdater().getStateViewArray();
        return s.dup();
    }

    private static double scaledMaxDiff(INDArray a, INDArray b) {
        double scale = Math.max(1.0, Math.max(a.amaxNumber().doubleValue(), b.amaxNumber().doubleValue()));
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }

    private static void fit(Model net, DataSet ds, int steps) {
        for (int k = 0; k < steps; k++) {
            ExactnessContractTest.fit(net, ds);
        }
    }
}
