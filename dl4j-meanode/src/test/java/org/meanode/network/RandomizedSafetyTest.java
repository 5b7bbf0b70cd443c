package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.meanode.conf.KernelMode;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.Regime;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random builder settings (valid and invalid values of every MeanOdeResNet option) and random edits
 * of a saved configuration's JSON: each case either works (forward, one training step, save,
 * restore with identical output) or fails with an {@link IllegalArgumentException} whose message
 * names a field. Fixed seed; the counts are logged.
 */
class RandomizedSafetyTest {
    private static final Logger LOG = LoggerFactory.getLogger(RandomizedSafetyTest.class);
    private static final int BUILDER_CASES = 240;
    private static final int JSON_CASES = 160;
    /** Field names the messages may name (builder options and configuration fields). */
    private static final Pattern FIELD = Pattern.compile("\\b(nIn|nOut|embeddingDim|depth|width|regime|alpha|sigmaU|sigmaV"
            + "|activation|learningRate|updater|dataType|workspaceMode|kernelMode|checkpointing|checkpointInterval|unit"
            + "|nodes|steps|solver|nodeScheme|limit|blocks)\\b");

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }


    /** Outcome counters. */
    private int works;
    private int named;

    @Test
    void randomBuilderSettingsWorkOrNameAField() {
        Random r = new Random(20261207);
        for (int c = 0; c < BUILDER_CASES; c++) {
            StringBuilder desc = new StringBuilder("case " + c + ":");
            final long seed = c;
            Supplier<Model> build = () -> {
                MeanOdeResNet.Builder b = MeanOdeResNet.builder();
                b.nIn(v(r, desc, "nIn", List.of(1L, 3L), List.of(0L, -2L)));
                b.nOut(v(r, desc, "nOut", List.of(1L, 2L), List.of(0L)));
                b.embeddingDim(v(r, desc, "embeddingDim", List.of(2L, 4L, 6L), List.of(0L, -1L)));
                if (r.nextDouble() < 0.25) {
                    int p = v(r, desc, "nodes", List.of(1, 4, 16), List.of(0, -1, 1 << 30));
                    int s = v(r, desc, "steps", List.of(1, 2), List.of(0));
                    OdeSolver solver = v(r, desc, "solver", List.of(OdeSolver.EULER, OdeSolver.RK4), nulls());
                    NodeScheme scheme = v(r, desc, "nodeScheme", List.of(NodeScheme.IID, NodeScheme.ANTITHETIC,
                            NodeScheme.SOBOL), nulls());
                    b.limit(p, s, solver, scheme);
                } else {
                    b.depth(v(r, desc, "depth", List.of(1, 2, 3, 5), List.of(0, -4)));
                    b.width(v(r, desc, "width", List.of(1, 2, 3), List.of(0, -1, 1_000_000_000)));
                    if (r.nextBoolean()) {
                        b.fused(r.nextBoolean());
                    }
                    if (r.nextDouble() < 0.3) {
                        b.kernelMode(v(r, desc, "kernelMode", List.of(KernelMode.AUTO, KernelMode.DIRECT_BLAS,
                                KernelMode.ND4J_OPS), nulls()));
                    }
                    if (r.nextDouble() < 0.3) {
                        b.checkpointInterval(v(r, desc, "checkpointInterval", List.of(0, 1, 2), List.of(10, -1)));
                    }
                }
                if (r.nextDouble() < 0.3) {
                    b.regime(v(r, desc, "regime", List.of(Regime.COMPLETE, Regime.LAZY, Regime.SEMI_COMPLETE), nulls()));
                }
                if (r.nextDouble() < 0.3) {
                    b.alpha(v(r, desc, "alpha", List.of(0.5, 1.0, 4.0), List.of(0.0, -1.0, Double.NaN,
                            Double.POSITIVE_INFINITY)));
                }
                if (r.nextDouble() < 0.3) {
                    b.sigmaV(v(r, desc, "sigmaV", List.of(0.5, 2.0), List.of(0.0, Double.NaN, Double.NEGATIVE_INFINITY)));
                }
                if (r.nextDouble() < 0.3) {
                    b.activation(v(r, desc, "activation", List.of(Activation.TANH, Activation.RELU, Activation.SIGMOID),
                            nulls()));
                }
                if (r.nextDouble() < 0.2) {
                    b.unit(v(r, desc, "unit", List.<UnitFunction>of(new TwoLayerUnit(), new GatedUnit(),
                            new TwoLayerBiasUnit()), nulls()));
                }
                if (r.nextDouble() < 0.5) {
                    b.learningRate(v(r, desc, "learningRate", List.of(0.01, 0.1), List.of(0.0, -0.1, Double.NaN,
                            Double.POSITIVE_INFINITY)));
                }
                if (r.nextDouble() < 0.5) {
                    b.dataType(v(r, desc, "dataType", List.of(DataType.FLOAT, DataType.DOUBLE),
                            java.util.Arrays.asList(DataType.INT32, DataType.FLOAT16, null)));
                }
                if (r.nextDouble() < 0.3) {
                    b.workspaceMode(v(r, desc, "workspaceMode", List.of(WorkspaceMode.ENABLED, WorkspaceMode.NONE), nulls()));
                }
                b.seed(seed);
                MeanOdeResNet spec = b.build();
                boolean graph = r.nextBoolean();
                desc.append(graph ? " [graph]" : " [mln]");
                return graph ? spec.computationGraph() : spec.multiLayerNetwork();
            };
            check(desc, build);
        }
        LOG.info("randomized builder cases: {} in all, {} worked (forward, step, save, restore), {} refused naming a field",
                BUILDER_CASES, works, named);
        assertTrue(works >= BUILDER_CASES / 10 && named >= BUILDER_CASES / 10, "both outcomes must occur: " + works + " / " + named);
    }

    private static final Pattern NUMBER_FIELD = Pattern.compile("\"(depth|width|alpha|sigmaU|sigmaV|nodes|steps"
            + "|checkpointInterval)\"\\s*:\\s*[-0-9.Ee]+");

    @Test
    void randomJsonEditsWorkOrNameAField() {
        Random r = new Random(7);
        String[] bases = {
            MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(2).seed(1).build().multiLayerConfiguration()
                    .toJson(),
            MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(2).fused(false).seed(2).build()
                    .multiLayerConfiguration().toJson(),
            MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).limit(8, 2, OdeSolver.RK4, NodeScheme.IID).seed(3).build()
                    .multiLayerConfiguration().toJson(),
        };
        List<String> ints = List.of("0", "-3", "1", "2", "7", "1000000000");
        List<String> doubles = List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "-1.0", "0.0", "0.5", "3.0");
        for (int c = 0; c < JSON_CASES; c++) {
            String json = bases[c % bases.length];
            Matcher m = NUMBER_FIELD.matcher(json);
            List<int[]> spans = new java.util.ArrayList<>();
            List<String> names = new java.util.ArrayList<>();
            while (m.find()) {
                spans.add(new int[] {m.start(), m.end()});
                names.add(m.group(1));
            }
            int k = r.nextInt(spans.size());
            String field = names.get(k);
            boolean isInt = List.of("depth", "width", "nodes", "steps", "checkpointInterval").contains(field);
            String value = isInt ? pick(r, ints) : pick(r, doubles);
            String edited = json.substring(0, spans.get(k)[0]) + "\"" + field + "\" : " + value + json.substring(spans.get(k)[1]);
            StringBuilder desc = new StringBuilder("json case " + c + ": " + field + " = " + value);
            check(desc, () -> {
                MultiLayerNetwork n = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(edited));
                n.init();
                return n;
            });
        }
        LOG.info("randomized JSON-edit cases: {} in all, {} worked, {} refused naming a field", JSON_CASES, works, named);
        assertTrue(works > 0 && named > 0, works + " / " + named);
    }

    private static <T> List<T> nulls() {
        return java.util.Collections.singletonList(null);
    }

    /** @return a valid value (85 %) or an invalid one, noted in desc */
    private static <T> T v(Random r, StringBuilder desc, String name, List<T> valid, List<T> invalid) {
        T x = r.nextDouble() < 0.85 ? pick(r, valid) : pick(r, invalid);
        desc.append(' ').append(name).append('=').append(x);
        return x;
    }

    private void check(StringBuilder desc, Supplier<Model> build) {
        Model net;
        try {
            net = build.get();
        } catch (IllegalArgumentException e) {
            if (!FIELD.matcher(e.getMessage() == null ? "" : e.getMessage()).find()) {
                fail(desc + ": IllegalArgumentException naming no field: " + e.getMessage());
            }
            named++;
            return;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(desc + ": failed with " + e + " instead of working or an IllegalArgumentException", e);
        }
        try {
            exercise(net);
            works++;
        } catch (IllegalArgumentException e) {
            // an IllegalArgumentException at first use must name a field too
            if (!FIELD.matcher(e.getMessage() == null ? "" : e.getMessage()).find()) {
                fail(desc + ": IllegalArgumentException naming no field at first use: " + e.getMessage());
            }
            named++;
        } catch (Exception | Error e) {
            throw new AssertionError(desc + ": built, then failed with " + e, e);
        }
    }

    private static void exercise(Model net) throws IOException {
        DataType dt = net.params().dataType();
        long nIn;
        long nOut;
        if (net instanceof MultiLayerNetwork m) {
            nIn = m.layerInputSize(0);
            nOut = m.layerSize(m.getnLayers() - 2);
        } else {
            ComputationGraph g = (ComputationGraph) net;
            nIn = g.layerInputSize(0);
            nOut = g.layerSize(g.getNumLayers() - 2);
        }
        INDArray x = Nd4j.rand(dt, 4, nIn).subi(0.5);
        INDArray y = Nd4j.rand(dt, 4, nOut);
        if (net instanceof MultiLayerNetwork m) {
            m.output(x);
            m.fit(new DataSet(x, y));
        } else {
            ((ComputationGraph) net).output(x);
            ((ComputationGraph) net).fit(new DataSet(x, y));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, bytes, true);
        INDArray before = net instanceof MultiLayerNetwork m ? m.output(x) : ((ComputationGraph) net).outputSingle(x);
        Model back = net instanceof MultiLayerNetwork ? ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes.toByteArray()), true)
                : ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes.toByteArray()), true);
        INDArray after = back instanceof MultiLayerNetwork m ? m.output(x) : ((ComputationGraph) back).outputSingle(x);
        assertArrayEquals(before.dup().data().asDouble(), after.dup().data().asDouble(), "restored output differs");
    }
}
