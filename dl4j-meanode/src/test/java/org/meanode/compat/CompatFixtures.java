package org.meanode.compat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Saved-work fixtures of the backward-compatibility test ({@link BackwardCompatibilityTest}):
 * networks of every residual family as the code of commit 4d27270 (before the residual layers
 * were merged onto one kernel) built, trained and saved them. For each case and each of
 * MultiLayerNetwork ("mln") and ComputationGraph ("cg") it writes, under
 * {@code src/test/resources/compat/}:
 * <ul>
 *   <li>{@code <case>-<net>.json}: the network configuration's JSON;</li>
 *   <li>{@code <case>-<net>.zip}: the network saved with ModelSerializer (with its Adam state)
 *       after {@value #STEPS_BEFORE} training steps;</li>
 *   <li>{@code <case>-<net>.txt}: the probe input, the saved network's outputs on it, and its
 *       flat parameters after {@value #STEPS_AFTER} further {@code fit()} steps, as recorded by
 *       that code.</li>
 * </ul>
 * These files are what the old code produced: never regenerate them with newer code (that would
 * make the test compare the code with itself). Command used (from the repository root, on
 * commit 4d27270 plus this class):
 * <pre>
 *   mvn -B -q -pl dl4j-meanode test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=org.meanode.compat.CompatFixtures -Dexec.args=dl4j-meanode
 * </pre>
 */
public final class CompatFixtures {
    static final int STEPS_BEFORE = 2;
    static final int STEPS_AFTER = 3;
    static final int D_IN = 3;
    static final int D_OUT = 2;

    private CompatFixtures() {
    }

    /** One saved network: its name and how the old code built it. */
    record Case(String name, Supplier<MeanOdeResNet.Builder> spec) {
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        out.add(new Case("stack2lp", () -> base().fused(true)));
        out.add(new Case("stack2lp-float-ckpt", () -> base().depth(4).fused(true).checkpointInterval(2)
                .dataType(DataType.FLOAT)));
        out.add(new Case("blocks2lp-softplus", () -> base().fused(false).activation(Activation.SOFTPLUS)));
        out.add(new Case("bias-stack", () -> base().fused(true)
                .unit(new TwoLayerBiasUnit(new ActivationSoftPlus(), null, 0.5, null))));
        out.add(new Case("gated-blocks", () -> base().fused(false).unit(new GatedUnit())));
        out.add(new Case("limit-rk4", () -> limitBase().limit(3, 2, OdeSolver.RK4, NodeScheme.SOBOL)));
        out.add(new Case("limit-heun-gated", () -> limitBase().unit(new GatedUnit())
                .limit(3, 2, OdeSolver.HEUN, NodeScheme.IID, true)));
        return out;
    }

    private static MeanOdeResNet.Builder base() {
        return MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(5).depth(3).width(2).alpha(0.7)
                .trainableReadout(true).updater(new Adam(1e-2)).dataType(DataType.DOUBLE).seed(31);
    }

    private static MeanOdeResNet.Builder limitBase() {
        return MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(5).alpha(0.7)
                .trainableReadout(true).updater(new Adam(1e-2)).dataType(DataType.DOUBLE).seed(31);
    }

    static Model build(Case c, boolean graph) {
        MeanOdeResNet spec = c.spec().get().build();
        return graph ? spec.computationGraph() : spec.multiLayerNetwork();
    }

    static String fileBase(Case c, boolean graph) {
        return c.name() + (graph ? "-cg" : "-mln");
    }

    static DataSet trainingData() {
        return new DataSet(Arrays2.nd(Arrays2.gaussian(81, 6, D_IN)), Arrays2.nd(Arrays2.gaussian(82, 6, D_OUT)));
    }

    static INDArray probe() {
        return Arrays2.nd(Arrays2.gaussian(83, 4, D_IN));
    }

    static INDArray output(Model net, INDArray x) {
        INDArray in = x.castTo(net.params().dataType());
        return net instanceof ComputationGraph g ? g.outputSingle(in) : ((MultiLayerNetwork) net).output(in);
    }

    static void fit(Model net, DataSet ds, int steps) {
        DataSet d = new DataSet(ds.getFeatures().castTo(net.params().dataType()),
                ds.getLabels().castTo(net.params().dataType()));
        for (int i = 0; i < steps; i++) {
            if (net instanceof ComputationGraph g) {
                g.fit(d);
            } else {
                ((MultiLayerNetwork) net).fit(d);
            }
        }
    }

    static String json(Model net) {
        return net instanceof ComputationGraph g ? g.getConfiguration().toJson()
                : ((MultiLayerNetwork) net).getLayerWiseConfigurations().toJson();
    }

    /**
     * Writes the fixtures.
     *
     * @param args optional: the module directory (default {@code dl4j-meanode})
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "dl4j-meanode").resolve(Path.of("src", "test", "resources", "compat"));
        Files.createDirectories(dir);
        for (Case c : cases()) {
            for (boolean graph : new boolean[] {false, true}) {
                Model net = build(c, graph);
                fit(net, trainingData(), STEPS_BEFORE);
                String base = fileBase(c, graph);
                Files.writeString(dir.resolve(base + ".json"), json(net), StandardCharsets.UTF_8);
                File zip = dir.resolve(base + ".zip").toFile();
                ModelSerializer.writeModel(net, zip, true);
                INDArray x = probe();
                INDArray y = output(net, x);
                fit(net, trainingData(), STEPS_AFTER);
                StringBuilder sb = new StringBuilder();
                sb.append("# ").append(base).append(": recorded by the code of commit 4d27270 (CompatFixtures)\n");
                line(sb, "x", x);
                line(sb, "y", y);
                line(sb, "params", net.params());
                Files.writeString(dir.resolve(base + ".txt"), sb.toString(), StandardCharsets.UTF_8);
            }
        }
    }

    private static void line(StringBuilder sb, String key, INDArray a) {
        double[] v = a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
        sb.append(key).append(' ').append(java.util.Arrays.toString(a.shape()).replace(" ", "")).append(' ');
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Double.toString(v[i]));
        }
        sb.append('\n');
    }
}
