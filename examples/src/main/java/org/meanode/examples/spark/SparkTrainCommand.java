package org.meanode.examples.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.util.ModelSerializer;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import org.meanode.examples.search.TeacherTask;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.network.MeanOdeResNet;
import org.meanode.spark.MeanOdeTrainingMasters;
import org.meanode.ui.dashboard.DashboardServer;
import org.meanode.ui.dashboard.StatsFiles;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode spark train}: trains a MeanOdeResNet on Spark, by parameter averaging or gradient
 * sharing, on the synthetic teacher task (d_in = 4, d_out = 1), printing the training and
 * validation MSE after every epoch; writes the trained network (saved on the driver, with updater
 * state), the DL4J stats of the run (StatsListener and FeatureMovementListener through DL4J's
 * Spark stats routing, a FileStatsStorage the monitor command can replay) and provenance.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains an α/(L·M)-scaled ResNet on Spark (parameter averaging or gradient sharing).")
public final class SparkTrainCommand implements Callable<Integer> {
    /** The trained network's file name. */
    public static final String MODEL = "spark-model.zip";
    /** The stats file's name. */
    public static final String STATS = "spark-stats.bin";

    /** Training masters. */
    public enum Mode { averaging, sharing }

    @Spec
    private CommandSpec spec;

    @Option(names = "--master", description = "Spark master URL (default: ${DEFAULT-VALUE})")
    private String master = "local[*]";

    @Option(names = "--mode", description = "averaging (ParameterAveragingTrainingMaster) or sharing (SharedTrainingMaster)"
            + " (default: ${DEFAULT-VALUE})")
    private Mode mode = Mode.averaging;

    @Option(names = "--workers", description = "workers = RDD partitions (default: Spark's default parallelism)")
    private int workers;

    @Option(names = "--batch-per-worker", description = "examples per worker minibatch (default: ${DEFAULT-VALUE})")
    private int batchPerWorker = 32;

    @Option(names = "--averaging-frequency", description = "minibatches between averagings (default: ${DEFAULT-VALUE})")
    private int averagingFrequency = 1;

    @Option(names = "--threshold", description = "gradient sharing's encoding threshold (default: measured, see docs/spark.md)")
    private Double threshold;

    @Option(names = "--epochs", description = "epochs (default: ${DEFAULT-VALUE})")
    private int epochs = 10;

    @Option(names = "--depth", description = "L (default: ${DEFAULT-VALUE})")
    private int depth = 16;

    @Option(names = "--width", description = "M (default: ${DEFAULT-VALUE})")
    private int width = 16;

    @Option(names = "--embedding-dim", description = "D (default: ${DEFAULT-VALUE})")
    private int embeddingDim = 16;

    @Option(names = "--eta", description = "base learning rate η, Sgd (default: ${DEFAULT-VALUE})")
    private double eta = 0.5;

    @Option(names = "--train", description = "training examples (default: ${DEFAULT-VALUE})")
    private int train = 1024;

    @Option(names = "--graph", description = "train a ComputationGraph instead of a MultiLayerNetwork")
    private boolean graph;

    @Option(names = "--blocks", description = "L separate blocks instead of the fused stack")
    private boolean blocks;

    @Option(names = "--seed", description = "seed of data and network (default: ${DEFAULT-VALUE})")
    private long seed = 42;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "spark-train");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--ui", description = "follow the run in the DL4J dashboard (Mean ODE page) on this port")
    private Integer uiPort;

    @Option(names = "--ui-wait", description = "seconds to keep the dashboard up after training (default: ${DEFAULT-VALUE})")
    private long uiWait = 60;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        OutputDirectory.prepare(out, overwrite, "spark train", MODEL, STATS);
        TeacherTask task = TeacherTask.generate(4, 1, positive("--train", train), 256, 0.05, seed);
        MeanOdeResNet net = MeanOdeResNet.builder().nIn(4).nOut(1).embeddingDim(positive("--embedding-dim", embeddingDim))
                .depth(positive("--depth", depth)).width(positive("--width", width)).learningRate(eta)
                .fused(!blocks).seed(seed + 1).build();
        long t0 = System.nanoTime();
        JavaSparkContext sc = SparkCommand.context(master, "meanode spark train");
        Path statsFile = out.resolve(STATS);
        Files.deleteIfExists(statsFile);
        StatsStorage stats = StatsFiles.openForWriting(statsFile);
        DashboardServer ui = null;
        try {
            if (uiPort != null) {
                ui = DashboardServer.start(uiPort);
                ui.attach(stats);
                pw.println("dashboard: " + ui.meanOdeUrl() + " (DL4J pages: " + ui.overviewUrl() + ")");
            }
            int w = workers > 0 ? workers : sc.defaultParallelism();
            List<DataSet> shards = shards(task.train(), positive("--batch-per-worker", batchPerWorker));
            JavaRDD<DataSet> rdd = sc.parallelize(shards, w);
            Model model = graph ? net.computationGraph() : net.multiLayerNetwork();
            TrainingMaster<?, ?> tm;
            if (mode == Mode.averaging) {
                tm = MeanOdeTrainingMasters.parameterAveraging().workers(w).batchPerWorker(batchPerWorker)
                        .averagingFrequency(positive("--averaging-frequency", averagingFrequency)).seed(seed).build();
            } else {
                double tau = threshold != null ? threshold : MeanOdeTrainingMasters.encodingThreshold(model, shards.get(0));
                pw.printf(Locale.ROOT, "encoding threshold τ = %.4g%s%n", tau, threshold != null ? "" : " (measured: mean |Δθ| of one step)");
                tm = MeanOdeTrainingMasters.gradientSharing().batchPerWorker(batchPerWorker).threshold(tau).seed(seed).build();
            }
            String session = "spark-" + UUID.randomUUID().toString().substring(0, 8);
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(new StatsListener(null, 1, session));
            listeners.add(FeatureMovementListener.builderForSpark().sessionId(session).frequency(1).build());
            pw.printf(Locale.ROOT, "meanode spark train: %s on %s (%d workers × %d examples), %s %s, L=%d M=%d D=%d, η=%s,"
                            + " %d examples, %d epochs; session %s%n", mode, sc.master(), w, batchPerWorker,
                    graph ? "ComputationGraph" : "MultiLayerNetwork", blocks ? "blocks" : "fused stack", depth, width,
                    embeddingDim, eta, train, epochs, session);
            pw.flush();
            Model trained;
            if (graph) {
                SparkComputationGraph s = new SparkComputationGraph(sc, (ComputationGraph) model, tm);
                s.setListeners(stats, listeners);
                trained = fit(pw, s::fit, s::getNetwork, rdd, task);
            } else {
                SparkDl4jMultiLayer s = new SparkDl4jMultiLayer(sc, (MultiLayerNetwork) model, tm);
                s.setListeners(stats, listeners);
                trained = fit(pw, s::fit, s::getNetwork, rdd, task);
            }
            ModelSerializer.writeModel(trained, out.resolve(MODEL).toFile(), true);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Provenance p = Provenance.forCommand("spark train", spec.commandLine().getParseResult().originalArgs());
            p.put("sparkMaster", sc.master()).put("sparkVersion", sc.version()).put("workers", w).put("mode", mode.name());
            p.put("network", net.toString()).put("session", session).put("wallSeconds", Math.round(seconds * 10) / 10.0);
            p.write(out);
            pw.printf(Locale.ROOT, "wrote %s, %s, %s; done in %.1f s%n", out.resolve(MODEL), statsFile, Provenance.FILE_NAME, seconds);
            if (ui != null && uiWait > 0) {
                pw.printf(Locale.ROOT, "keeping the dashboard at %s for %d s%n", ui.meanOdeUrl(), uiWait);
                pw.flush();
                Thread.sleep(uiWait * 1000);
            }
            pw.flush();
            return 0;
        } finally {
            if (ui != null) {
                ui.close();
            }
            sc.stop();
            stats.close();
        }
    }

    private Model fit(PrintWriter pw, java.util.function.Consumer<JavaRDD<DataSet>> fit, java.util.function.Supplier<Model> net,
                      JavaRDD<DataSet> rdd, TeacherTask task) {
        long t0 = System.nanoTime();
        for (int e = 1; e <= positive("--epochs", epochs); e++) {
            fit.accept(rdd);
            Model m = net.get();
            pw.printf(Locale.ROOT, "epoch %3d  train MSE %.5f  validation MSE %.5f  %.1f s%n", e, score(m, task.train()),
                    score(m, task.validation()), (System.nanoTime() - t0) / 1e9);
            pw.flush();
        }
        return net.get();
    }

    private static double score(Model m, DataSet ds) {
        return m instanceof MultiLayerNetwork n ? n.score(ds) : ((ComputationGraph) m).score(ds);
    }

    /** @return the data as pre-batched DataSets of n examples (the last, smaller one dropped: equal shards) */
    static List<DataSet> shards(DataSet all, int n) {
        List<DataSet> out = new ArrayList<>();
        for (int i = 0; i + n <= all.numExamples(); i += n) {
            out.add(new DataSet(all.getFeatures().get(NDArrayIndex.interval(i, i + n), NDArrayIndex.all()).dup(),
                    all.getLabels().get(NDArrayIndex.interval(i, i + n), NDArrayIndex.all()).dup()));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--batch-per-worker = " + n + " is larger than --train = " + all.numExamples()
                    + "; use a smaller batch or more examples");
        }
        return out;
    }

    static int positive(String option, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " = " + v + " is invalid: it must be ≥ 1");
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }
}
