package org.meanode.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.junit.jupiter.api.Test;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Search spaces saved as JSON by release 0.1.0 (before the spaces shared one implementation of
 * their common leaves) still load, equal the spaces the same builder calls give today, and map
 * the same unit vectors to the same layers and candidates (so the leaves keep their order, and a
 * saved search's unit values keep their meaning); today's spaces write the same JSON properties. The files under
 * {@code src/test/resources/arbiter/spaces-0.1.0/} were written by {@link #main} at that release;
 * {@code candidates.txt} holds what each space produced then at the unit vectors of
 * {@link #unitVectors(int)}.
 */
class SpaceJsonCompatibilityTest {
    private static final String DIR = "/arbiter/spaces-0.1.0/";

    static ScaledResidualBlockSpace blockSpace() {
        return new ScaledResidualBlockSpace.Builder().embeddingDim(8).depth(2, 32).width(1, 16).alpha(0.1, 10)
                .sigmaV(0.5, 4.0).regimes(Regime.COMPLETE, Regime.LAZY).activation(Activation.SOFTSIGN).seed(5).build();
    }

    static ScaledResidualStackSpace stackSpace() {
        return new ScaledResidualStackSpace.Builder().embeddingDim(6).depth(4).width(2, 8).alpha(0.7)
                .sigmaU(new FixedValue<>(1.5)).regime(Regime.SEMI_COMPLETE).build();
    }

    static MeanOdeLayerSpace limitSpace() {
        return new MeanOdeLayerSpace.Builder().embeddingDim(4).nodes(4, 64).steps(1, 8)
                .solvers(OdeSolver.EULER, OdeSolver.RK4).nodeSchemes(NodeScheme.IID, NodeScheme.SOBOL).alpha(0.5, 2)
                .sigmaV(1.0, 3.0).regimes(Regime.COMPLETE, Regime.SEMI_COMPLETE).freshNodes(true).seed(11).build();
    }

    static MeanOdeResNetSpace resNetSpace() {
        return MeanOdeResNetSpace.builder().nIn(3).nOut(2).embeddingDims(4, 8).depth(2, 64).width(1, 16).alpha(0.1, 10)
                .learningRate(0.01, 1).sigmaV(new LogUniformSpace(0.5, 2.0))
                .regimes(Regime.COMPLETE, Regime.SEMI_COMPLETE, Regime.LAZY).activation(Activation.SOFTSIGN)
                .numEpochs(3).seed(7).fused(false).dataType(DataType.DOUBLE).build();
    }

    static MultiLayerSpace multiLayerSpace() {
        return new MultiLayerSpace.Builder().seed(3).updater(new Sgd(0.1)).addLayer(stackSpace())
                .setInputType(InputType.feedForward(6)).numEpochs(1).build();
    }

    /** @return five unit vectors of length n: both corners, the centre and two mixed points */
    static List<double[]> unitVectors(int n) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = switch (k) {
                    case 0 -> 0.0;
                    case 1 -> 1.0;
                    case 2 -> 0.5;
                    case 3 -> (i % 3) / 2.0;
                    default -> ((i * 7 + 3) % 10) / 9.0;
                };
            }
            out.add(x);
        }
        return out;
    }

    /** @return each space's values at {@link #unitVectors(int)}, one line per vector */
    static Map<String, List<String>> candidates(ParameterSpace<?> block, ParameterSpace<?> stack, ParameterSpace<?> limit,
                                                ParameterSpace<?> resNet, MultiLayerSpace multi) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Map<String, ParameterSpace<?>> spaces = new LinkedHashMap<>();
        spaces.put("block", block);
        spaces.put("stack", stack);
        spaces.put("limit", limit);
        spaces.put("resnet", resNet);
        spaces.put("multilayer", multi);
        for (Map.Entry<String, ParameterSpace<?>> e : spaces.entrySet()) {
            ParameterSpace<?> s = e.getValue();
            new RandomSearchGenerator(s, null); // numbers the leaves
            List<String> lines = new ArrayList<>();
            for (double[] x : unitVectors(s.numParameters())) {
                lines.add(describe(s.getValue(x)));
            }
            out.put(e.getKey(), lines);
        }
        return out;
    }

    private static String describe(Object v) {
        if (v instanceof BaseScaledResidual r) {
            return r.getClass().getSimpleName() + " D=" + r.getEmbeddingDim() + " L=" + r.getDepth() + " M=" + r.getWidth()
                    + " alpha=" + r.getAlpha() + " sigmaU=" + r.getSigmaU() + " sigmaV=" + r.getSigmaV()
                    + " activation=" + r.getActivation() + " seed=" + r.getSeed();
        }
        if (v instanceof MeanOdeLayer l) {
            return "MeanOdeLayer D=" + l.getEmbeddingDim() + " P=" + l.getNodes() + " S=" + l.getSteps() + " solver="
                    + l.getSolver() + " scheme=" + l.getNodeScheme() + " fresh=" + l.isFreshNodes() + " alpha="
                    + l.getAlpha() + " sigmaU=" + l.getSigmaU() + " sigmaV=" + l.getSigmaV() + " activation="
                    + l.getActivation() + " seed=" + l.getSeed();
        }
        if (v instanceof MeanOdeConfiguration c) {
            return c.hyperparameters().toString();
        }
        if (v instanceof org.deeplearning4j.arbiter.DL4JConfiguration c) {
            Layer l = c.getMultiLayerConfiguration().getConf(0).getLayer();
            return describe(l);
        }
        throw new IllegalArgumentException("unexpected candidate " + v);
    }

    private static String read(String name) throws IOException {
        try (var in = SpaceJsonCompatibilityTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void spacesSavedBeforeTheSharedLeavesLoadAndEqualTodaysSpaces() throws IOException {
        assertEquals(blockSpace(), ScaledResidualBlockSpace.fromJson(read("block.json")));
        assertEquals(stackSpace(), ScaledResidualStackSpace.fromJson(read("stack.json")));
        assertEquals(limitSpace(), MeanOdeLayerSpace.fromJson(read("limit.json")));
        assertEquals(resNetSpace(), MeanOdeResNetSpace.fromJson(read("resnet.json")));
        assertEquals(multiLayerSpace(), MultiLayerSpace.fromJson(read("multilayer.json")));
    }

    @Test
    void todaysSpacesWriteTheSamePropertiesAsThen() throws IOException {
        // Objects compare as maps: the order of properties may differ, their names and values may not.
        assertEquals(tree(read("block.json")), tree(blockSpace().toJson()));
        assertEquals(tree(read("stack.json")), tree(stackSpace().toJson()));
        assertEquals(tree(read("limit.json")), tree(limitSpace().toJson()));
        assertEquals(tree(read("resnet.json")), tree(resNetSpace().toJson()));
        assertEquals(tree(read("multilayer.json")), tree(multiLayerSpace().toJson()));
        // Negative control: a space with one leaf changed writes a different tree.
        assertNotEquals(tree(read("limit.json")), tree(limitSpace().toJson().replace("\"seed\" : 11", "\"seed\" : 12")));
    }

    private static JsonNode tree(String json) throws IOException {
        return JsonMapper.getMapper().readTree(json);
    }

    @Test
    void spacesSavedBeforeGiveTheSameCandidatesAsThen() throws IOException {
        Map<String, List<String>> now = candidates(ScaledResidualBlockSpace.fromJson(read("block.json")),
                ScaledResidualStackSpace.fromJson(read("stack.json")), MeanOdeLayerSpace.fromJson(read("limit.json")),
                MeanOdeResNetSpace.fromJson(read("resnet.json")), MultiLayerSpace.fromJson(read("multilayer.json")));
        assertEquals(read("candidates.txt"), format(now));
        // The same for spaces built today (their leaves in the same order as the saved ones').
        assertEquals(read("candidates.txt"), format(candidates(blockSpace(), stackSpace(), limitSpace(), resNetSpace(),
                multiLayerSpace())));
    }

    private static String format(Map<String, List<String>> candidates) {
        StringBuilder sb = new StringBuilder();
        candidates.forEach((k, lines) -> lines.forEach(l -> sb.append(k).append(": ").append(l).append('\n')));
        return sb.toString();
    }

    /**
     * Rewrites the saved spaces and their candidates (run only at a release whose JSON forms are
     * meant to be the reference for later ones).
     *
     * @param args the module directory (default "dl4j-meanode")
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "dl4j-meanode", "src", "test", "resources", "arbiter", "spaces-0.1.0");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("block.json"), blockSpace().toJson());
        Files.writeString(dir.resolve("stack.json"), stackSpace().toJson());
        Files.writeString(dir.resolve("limit.json"), limitSpace().toJson());
        Files.writeString(dir.resolve("resnet.json"), resNetSpace().toJson());
        Files.writeString(dir.resolve("multilayer.json"), multiLayerSpace().toJson());
        Files.writeString(dir.resolve("candidates.txt"), format(candidates(blockSpace(), stackSpace(), limitSpace(),
                resNetSpace(), multiLayerSpace())));
    }
}
