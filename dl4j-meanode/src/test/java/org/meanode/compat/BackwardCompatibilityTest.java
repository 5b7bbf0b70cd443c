package org.meanode.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saved work of earlier releases keeps loading and behaving the same: for every fixture of
 * {@link CompatFixtures} (fused and unfused 2LP in float64, a float32 checkpointed stack, the
 * generic layers with bias and gated units, the limit layer with RK4/2LP and Heun/gated; each as
 * MultiLayerNetwork and ComputationGraph), written by the code of commit 4d27270:
 * <ul>
 *   <li>the saved configuration JSON parses and equals the configuration restored from the zip;</li>
 *   <li>the zip restores with its updater state, and a network built from the JSON alone with the
 *       zip's parameters gives the same outputs;</li>
 *   <li>the restored network's outputs on the probe input equal the recorded ones, bit for bit;</li>
 *   <li>after {@value CompatFixtures#STEPS_AFTER} further Adam steps its parameters equal the
 *       recorded ones, bit for bit (same operations in the same order as the old kernels).</li>
 * </ul>
 */
class BackwardCompatibilityTest {

    static Stream<Arguments> fixtures() {
        return CompatFixtures.cases().stream()
                .flatMap(c -> Stream.of(Arguments.of(CompatFixtures.fileBase(c, false), false),
                        Arguments.of(CompatFixtures.fileBase(c, true), true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void savedNetworkLoadsComputesAndTrainsAsRecorded(String base, boolean graph) throws IOException {
        String json = new String(resource(base + ".json"), StandardCharsets.UTF_8);
        Map<String, double[]> rec = recorded(new String(resource(base + ".txt"), StandardCharsets.UTF_8));
        byte[] zip = resource(base + ".zip");

        Model restored = graph ? ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(zip), true)
                : ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), true);
        Model fromJson;
        if (graph) {
            ComputationGraphConfiguration conf = ComputationGraphConfiguration.fromJson(json);
            assertEquals(((ComputationGraph) restored).getConfiguration(), conf, base + ": JSON and zip configurations differ");
            ComputationGraph g = new ComputationGraph(conf);
            g.init(restored.params().dup(), true);
            fromJson = g;
        } else {
            MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
            assertEquals(((MultiLayerNetwork) restored).getLayerWiseConfigurations(), conf,
                    base + ": JSON and zip configurations differ");
            MultiLayerNetwork n = new MultiLayerNetwork(conf);
            n.init(restored.params().dup(), true);
            fromJson = n;
        }

        INDArray x = CompatFixtures.probe();
        assertArrayEquals(rec.get("x"), flat(x), base + ": probe input differs from the recorded one");
        double[] y = flat(CompatFixtures.output(restored, x));
        assertArrayEquals(rec.get("y"), y, () -> base + ": outputs differ from the recorded ones by up to "
                + maxDiff(rec.get("y"), y));
        assertArrayEquals(y, flat(CompatFixtures.output(fromJson, x)), base + ": network built from the JSON differs");

        CompatFixtures.fit(restored, CompatFixtures.trainingData(), CompatFixtures.STEPS_AFTER);
        double[] p = flat(restored.params());
        assertEquals(rec.get("params").length, p.length, base + ": number of parameters changed");
        assertArrayEquals(rec.get("params"), p, () -> base + ": parameters after " + CompatFixtures.STEPS_AFTER
                + " more steps differ from the recorded ones by up to " + maxDiff(rec.get("params"), p));
    }

    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static Map<String, double[]> recorded(String text) {
        Map<String, double[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ");
            out.put(f[0], Arrays.stream(f[2].split(",")).mapToDouble(Double::parseDouble).toArray());
        }
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BackwardCompatibilityTest.class.getResourceAsStream("/compat/" + name)) {
            assertNotNull(in, "missing test resource compat/" + name);
            return in.readAllBytes();
        }
    }
}
