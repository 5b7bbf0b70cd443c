package org.meanode.examples.monitor;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.monitor.DivergenceGuard;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.predict.DistancePredictor;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.Regime;
import org.meanode.ui.config.UiDefaults;
import org.meanode.ui.dashboard.DashboardServer;
import org.meanode.ui.dashboard.StatsFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode monitor}: trains a MeanOdeResNet (full-batch GD on a synthetic regression task)
 * with DL4J's {@link StatsListener} and {@link FeatureMovementListener} writing one session to a
 * FileStatsStorage, serves DL4J's training UI with the Mean ODE page, prints its URL, and keeps
 * serving until interrupted or for {@code --seconds N}. With {@code --replay FILE} it serves a
 * stored run instead of training. Port, storage file and refresh interval default to
 * {@link UiDefaults} (meanode-ui.properties, overridable by -Dmeanode.ui.*), and the flags win.
 * The dashboard listens on 127.0.0.1 unless {@code --bind} says otherwise. SIGTERM or Ctrl-C stops
 * training between two steps, stops the server and closes the storage file in a shutdown hook.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = {"Trains a scaled ResNet and shows its loss and feature movement live in DL4J's training UI (Mean ODE page).",
            "Serves until interrupted (Ctrl-C) or for --seconds N; --replay FILE shows a stored run."})
public final class MonitorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--depth", description = "L, residual blocks (default: ${DEFAULT-VALUE})")
    private int depth = 32;

    @Option(names = "--width", description = "M, units per block (default: ${DEFAULT-VALUE})")
    private int width = 32;

    @Option(names = "--dim", description = "D, embedding width (default: ${DEFAULT-VALUE})")
    private int dim = 32;

    @Option(names = "--examples", description = "N, examples of the full batch (default: ${DEFAULT-VALUE})")
    private int examples = 128;

    @Option(names = "--regime", description = "COMPLETE, SEMI_COMPLETE or LAZY (default: ${DEFAULT-VALUE})")
    private Regime regime = Regime.COMPLETE;

    @Option(names = "--lr", description = "base learning rate η (default: ${DEFAULT-VALUE})")
    private double learningRate = 0.5;

    @Option(names = "--iterations", description = "GD steps (default: ${DEFAULT-VALUE})")
    private int iterations = 400;

    @Option(names = "--frequency", description = "iterations between movement records (default: ${DEFAULT-VALUE})")
    private int frequency = FeatureMovementListener.DEFAULT_FREQUENCY;

    @Option(names = "--blocks", description = "L separate ScaledResidualBlock layers instead of the fused stack")
    private boolean blocks;

    @Option(names = "--graph", description = "a ComputationGraph instead of a MultiLayerNetwork")
    private boolean graph;

    @Option(names = "--limit", description = "train the Neural Mean ODE limit instead (a MeanOdeLayer with P = --width"
            + " nodes and S = --depth solver steps)")
    private boolean limit;

    @Option(names = "--solver", description = "solver of --limit: EULER, HEUN, RK3, RK4 (default: ${DEFAULT-VALUE})")
    private OdeSolver solver = OdeSolver.RK4;

    @Option(names = "--seed", description = "seed of the data and the network (default: ${DEFAULT-VALUE})")
    private long seed = 1;

    @Option(names = "--port", description = "UI server port (default: meanode.ui.port, 9000)")
    private Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address the dashboard listens on (default:"
            + " meanode.ui.bind, 127.0.0.1: this machine only; 0.0.0.0 or an interface's address serves it to the"
            + " network, with a warning)")
    private String bind;

    @Option(names = "--storage", description = "stats storage file; runs are added to it as new sessions"
            + " (default: meanode.ui.storageFile, meanode-output/ui-stats.dl4j)")
    private Path storage;

    @Option(names = "--in-memory", description = "keep the records in memory only (no storage file)")
    private boolean inMemory;

    @Option(names = "--refresh-ms", description = "polling interval of the Mean ODE page in ms (default: meanode.ui.refreshMillis, 2000)")
    private Long refreshMillis;

    @Option(names = "--seconds", description = "stop after N seconds in all (training included); default: serve until interrupted")
    private Double seconds;

    @Option(names = "--replay", paramLabel = "FILE", description = "serve the runs stored in FILE; no training")
    private Path replay;

    /** Set by the shutdown hook: training stops before its next step. */
    private volatile boolean stopping;
    /** Counted down when no training step runs any more (so the storage can close under no writer). */
    private final CountDownLatch trainingIdle = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        validate();
        UiDefaults defaults = UiDefaults.load();
        int p = port != null ? port : defaults.port();
        long refresh = refreshMillis != null ? refreshMillis : defaults.refreshMillis();
        Path file = storage != null ? storage : defaults.storageFile();
        String host = bind != null ? bind : defaults.bind();
        UiDefaults.parseBind(host, bind != null ? "--bind" : "-D" + UiDefaults.BIND);
        StatsStorage stats = replay != null ? StatsFiles.openExisting(replay)
                : inMemory ? new InMemoryStatsStorage() : StatsFiles.openForWriting(file);
        DashboardServer ui;
        try {
            ui = DashboardServer.start(p, host);
        } catch (IllegalStateException e) {
            closeQuietly(stats);
            throw new IllegalArgumentException(e.getMessage(), e); // a user error: one line, no trace
        }
        // SIGTERM / Ctrl-C: stop training between two steps, stop the server, then close the storage
        // (closing it under a running listener or server is what made MapDB throw "Stream Closed").
        Thread closer = new Thread(() -> {
            stopping = true;
            awaitQuietly(trainingIdle);
            closeQuietly(ui);
            closeQuietly(stats);
            System.err.println("monitor: stopped by a signal; storage closed");
        }, "meanode-monitor-close");
        Runtime.getRuntime().addShutdownHook(closer);
        try {
            ui.attach(stats);
            if (!ui.bindAddress().isLoopbackAddress()) {
                spec.commandLine().getErr().printf(Locale.ROOT, "warning: the dashboard listens on %s, not only on this"
                        + " machine: training metrics and model details are served to the network (leave out --bind to"
                        + " keep it on 127.0.0.1)%n", host);
                spec.commandLine().getErr().flush();
            }
            String query = refreshMillis != null ? "?refresh=" + refresh : "";
            pw.printf(Locale.ROOT, "Mean ODE page: %s%s%n", ui.meanOdeUrl(), query);
            pw.printf(Locale.ROOT, "DL4J overview: %s%n", ui.overviewUrl());
            pw.printf(Locale.ROOT, "storage: %s%n", replay != null ? replay.toAbsolutePath()
                    : inMemory ? "in memory" : file.toAbsolutePath());
            pw.flush();
            if (replay != null) {
                pw.printf(Locale.ROOT, "replaying %d session(s): %s%n", stats.listSessionIDs().size(), stats.listSessionIDs());
            } else {
                try {
                    train(stats, pw, t0);
                } finally {
                    trainingIdle.countDown();
                }
            }
            if (stopping) {
                Thread.currentThread().join(); // the shutdown hook ends the JVM
            }
            serve(pw, t0);
        } finally {
            trainingIdle.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(closer);
                closeQuietly(ui);
                closeQuietly(stats);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and closes both
            }
        }
        return 0;
    }

    private void validate() {
        String[][] positive = {{"depth", String.valueOf(depth)}, {"width", String.valueOf(width)}, {"dim", String.valueOf(dim)},
            {"examples", String.valueOf(examples)}, {"iterations", String.valueOf(iterations)}, {"frequency", String.valueOf(frequency)}};
        for (String[] kv : positive) {
            if (Long.parseLong(kv[1]) < 1) {
                throw new IllegalArgumentException("--" + kv[0] + " = " + kv[1] + " is invalid; pass an integer ≥ 1");
            }
        }
        if (seconds != null && !(seconds >= 0)) {
            throw new IllegalArgumentException("--seconds = " + seconds + " is invalid; pass a number ≥ 0 or leave it out");
        }
        if (refreshMillis != null && (refreshMillis < UiDefaults.MIN_REFRESH_MILLIS
                || refreshMillis > UiDefaults.MAX_REFRESH_MILLIS)) {
            throw new IllegalArgumentException("--refresh-ms = " + refreshMillis + " is out of range; pass 100 … 3600000");
        }
        if (limit && blocks) {
            throw new IllegalArgumentException("--limit and --blocks exclude each other: the limit has no blocks");
        }
        if (replay != null && (inMemory || storage != null)) {
            throw new IllegalArgumentException("--replay FILE serves a stored run: leave out --storage and --in-memory");
        }
    }

    private boolean timeLeft(long t0) {
        return seconds == null || (System.nanoTime() - t0) / 1e9 < seconds;
    }

    private void train(StatsStorage stats, PrintWriter pw, long t0) {
        MeanOdeResNet.Builder b = MeanOdeResNet.builder().nIn(8).nOut(4).embeddingDim(dim).regime(regime)
                .learningRate(learningRate).dataType(DataType.FLOAT).seed(seed);
        MeanOdeResNet spec = (limit ? b.limit(width, depth, solver, NodeScheme.IID) : b.depth(depth).width(width).fused(!blocks))
                .build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        DataSet ds = SyntheticTask.generate(8, 4, dim, examples, seed).dataSet();
        ds = new DataSet(ds.getFeatures().castTo(DataType.FLOAT), ds.getLabels().castTo(DataType.FLOAT));
        String session = "monitor-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        FeatureMovementListener movement = FeatureMovementListener.builder(stats).sessionId(session).frequency(frequency)
                .prediction(DistancePredictor.defaults()).build();
        net.setListeners(new StatsListener(stats, 1, session), movement, new DivergenceGuard());
        pw.printf(Locale.ROOT, "training session %s: %s, %s, D = %d, N = %d, %s, η = %s, %d iterations%n", session,
                graph ? "ComputationGraph" : "MultiLayerNetwork", limit ? "Mean ODE limit, " + solver + ", S = " + depth
                        + " steps, P = " + width + " nodes" : "L = " + depth + ", M = " + width, dim, examples, regime,
                learningRate, iterations);
        pw.flush();
        int every = Math.max(1, iterations / 10);
        for (int k = 0; k < iterations && timeLeft(t0) && !stopping; k++) {
            try {
                if (net instanceof ComputationGraph g) {
                    g.fit(ds);
                } else {
                    ((MultiLayerNetwork) net).fit(ds);
                }
            } catch (RuntimeException | IllegalAccessError e) { // MapDB signals a closed DB with IllegalAccessError
                if (stopping || shuttingDown()) {
                    // MapDB's own shutdown hook closed the storage under the listeners: the run ends here
                    stopping = true;
                    return;
                }
                throw e;
            }
            if ((k + 1) % every == 0 || k + 1 == iterations) {
                pw.printf(Locale.ROOT, "[%6.1f s] iteration %d/%d, loss %.5f, %d movement records%n",
                        (System.nanoTime() - t0) / 1e9, k + 1, iterations, net.score(), movement.getRecordCount());
                pw.flush();
            }
        }
    }

    private void serve(PrintWriter pw, long t0) throws InterruptedException {
        if (seconds == null) {
            pw.println("serving; press Ctrl-C to stop");
            pw.flush();
            Thread.currentThread().join(); // until interrupted
        }
        double left = seconds - (System.nanoTime() - t0) / 1e9;
        if (left > 0) {
            pw.printf(Locale.ROOT, "serving for %.0f more second(s)%n", left);
            pw.flush();
            Thread.sleep((long) (left * 1000));
        }
        pw.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        pw.flush();
    }

    /** @return whether the JVM is running its shutdown hooks (SIGTERM, Ctrl-C, System.exit) */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(DashboardServer ui) {
        try {
            ui.close();
        } catch (Exception e) {
            System.err.println("warning: stopping the UI server failed: " + e.getMessage());
        }
    }

    private static void closeQuietly(StatsStorage s) {
        try {
            if (!s.isClosed()) {
                s.close();
            }
        } catch (IllegalAccessError closedByMapDb) {
            // MapDB's own shutdown hook closed the file first (FileStatsStorage asks it to): nothing is lost
        } catch (Exception e) {
            System.err.println("warning: closing the stats storage failed: " + e.getMessage());
        }
    }
}
