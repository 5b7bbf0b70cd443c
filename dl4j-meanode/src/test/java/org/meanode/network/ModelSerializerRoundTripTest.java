package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * ModelSerializer round trip of networks built by {@link MeanOdeResNet} (MultiLayerNetwork and
 * ComputationGraph, fused, unfused and seeded user blocks, limit networks (MeanOdeLayer), α = 0.7, σ_v = 1.3, tanh and
 * identity, frozen and trainable embedding/readout), trained 3 Adam steps before saving so
 * that the updater state is not trivial. After {@code writeModel(net, file, true)} and restore
 * with the updater: configuration, parameters, updater state and outputs are identical (exact),
 * and 3 more Adam steps on both networks give parameters equal to {@value #TOL} (max absolute
 * difference over max(1, max |param|)). Control: restored without its updater state, the
 * network drifts away from the original (difference &gt; 1e-8), so the check can fail.
 */
class ModelSerializerRoundTripTest {
    private static final double TOL = 1e-12;
    private static final int STEPS = 3;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<ScaledResidualBlock> seeded = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            seeded.add(new ScaledResidualBlock.Builder().embeddingDim(5).depth(3).width(2).alpha(0.7).sigmaV(1.3)
                    .seed(40 + l).build());
        }
        return Stream.of(
                Arguments.of("MLN fused identity trainable", false, spec(true, Activation.IDENTITY, true, null)),
                Arguments.of("MLN unfused tanh frozen", false, spec(false, Activation.TANH, false, null)),
                Arguments.of("MLN seeded user blocks", false, spec(false, Activation.TANH, true, seeded)),
                Arguments.of("graph fused tanh trainable", true, spec(true, Activation.TANH, true, null)),
                Arguments.of("graph unfused identity frozen", true, spec(false, Activation.IDENTITY, false, null)),
                Arguments.of("MLN limit RK4 Sobol trainable", false, limit(OdeSolver.RK4, NodeScheme.SOBOL, false, true)),
                Arguments.of("graph limit Heun antithetic fresh", true, limit(OdeSolver.HEUN, NodeScheme.ANTITHETIC, true, false)));
    }

    private static MeanOdeResNet limit(OdeSolver solver, NodeScheme scheme, boolean fresh, boolean trainable) {
        return MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).limit(4, 2, solver, scheme, fresh).alpha(0.7)
                .sigmaV(1.3).trainableEmbedding(trainable).trainableReadout(trainable).updater(new Adam(1e-2))
                .dataType(DataType.DOUBLE).seed(23).build();
    }

    private static MeanOdeResNet spec(boolean fused, Activation act, boolean trainable, List<ScaledResidualBlock> blocks) {
        MeanOdeResNet.Builder b = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(5).depth(3).width(2).alpha(0.7)
                .sigmaV(1.3).activation(act).fused(fused).trainableEmbedding(trainable).trainableReadout(trainable)
                .updater(new Adam(1e-2)).dataType(DataType.DOUBLE).seed(23);
        return (blocks == null ? b : b.blocks(blocks)).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void restoredNetworkIsIdenticalAndTrainsIdentically(String name, boolean graph, MeanOdeResNet spec)
            throws IOException {
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(51, 6, 3)), Arrays2.nd(Arrays2.gaussian(52, 6, 2)));
        INDArray probe = Arrays2.nd(Arrays2.gaussian(53, 4, 3));
        fit(net, ds, STEPS);
        INDArray state = updaterState(net);
        assertTrue(state.norm2Number().doubleValue() > 0, "Adam state is still zero before saving");

        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        Model restored = restore(file, graph, true);

        assertEquals(net.getClass(), restored.getClass());
        if (graph) {
            assertEquals(((ComputationGraph) net).getConfiguration(), ((ComputationGraph) restored).getConfiguration());
        } else {
            assertEquals(((MultiLayerNetwork) net).getLayerWiseConfigurations(),
                    ((MultiLayerNetwork) restored).getLayerWiseConfigurations());
        }
        assertEquals(net.params(), restored.params(), "parameters changed in the round trip");
        assertEquals(state, updaterState(restored), "updater state changed in the round trip");
        assertEquals(output(net, probe), output(restored, probe), "outputs changed in the round trip");

        fit(net, ds, STEPS);
        fit(restored, ds, STEPS);
        double diff = scaledMaxDiff(net.params(), restored.params());
        assertTrue(diff <= TOL, name + ": after " + STEPS + " more Adam steps the restored network differs by " + diff);
        assertEquals(output(net, probe), output(restored, probe), "outputs after training differ");

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

    private static INDArray output(Model net, INDArray x) {
        return net instanceof ComputationGraph g ? g.outputSingle(x) : ((MultiLayerNetwork) net).output(x);
    }

    private static void fit(Model net, DataSet ds, int steps) {
        for (int k = 0; k < steps; k++) {
            if (net instanceof ComputationGraph g) {
                g.fit(ds);
            } else {
                ((MultiLayerNetwork) net).fit(ds);
            }
        }
    }
}
