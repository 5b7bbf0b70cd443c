package org.meanode.examples.search;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.deeplearning4j.arbiter.optimize.api.saving.ResultReference;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxTimeCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.saver.local.FileModelSaver;
import org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction;
import org.deeplearning4j.arbiter.scoring.impl.TestSetLossScoreFunction;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.FreeLeavesSpace;
import org.meanode.arbiter.MeanOdeResNetSpace;
import org.meanode.arbiter.MeanOdeTaskCreator;
import org.meanode.arbiter.MiniBatchDataProvider;
import org.meanode.arbiter.SearchResultStore;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import org.meanode.scaling.Regime;
import org.meanode.ui.config.UiDefaults;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode search}: Arbiter random or grid search over depth L, width M, residual scale α
 * and base learning rate η (log scales) of {@link org.meanode.network.MeanOdeResNet}s trained by
 * full-batch GD on a {@link TeacherTask}; score = validation MSE. Writes, under the output
 * directory: {@code records/} (one JSON file per candidate, written as each finishes),
 * {@value SearchTable#CSV}, {@value #BEST_MODEL} (ModelSerializer, with updater state),
 * {@value #SPACE_JSON}, {@value Provenance#FILE_NAME}. {@code --list DIR} prints the ranked table of
 * a finished or interrupted search from its files alone. With {@code --conv} it searches small CNNs
 * with a conv stack on the digits images instead ({@link ConvSearch}; score = validation
 * cross-entropy).
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = {"Arbiter hyperparameter search over L, M, α, η of α/(L·M)-scaled ResNets (score: validation MSE).",
            "Defaults: random search, 16 candidates or 4 minutes, L ∈ [2, 256], M ∈ [1, 64], α ∈ [0.1, 10], η ∈ [0.02, 5].",
            "--conv: CNNs on the digits images (stem conv → conv stack of ConvUnits → pooling → softmax) over L, M, α, η,",
            "channels C and kernel size k; defaults L ∈ [2, 16], M ∈ [2, 16], α ∈ [0.5, 2], η ∈ [0.1, 0.4], C ∈ {4, 8}, k ∈ {1, 3}."})
public final class SearchCommand implements Callable<Integer> {
    /** The best model's file name. */
    public static final String BEST_MODEL = "best-model.zip";
    /** The search space's file name. */
    public static final String SPACE_JSON = "search-space.json";
    /** Sub-directory of the candidate records. */
    public static final String RECORDS = "records";
    /** Sub-directory of the FileModelSaver. */
    public static final String MODELS = "models";

    /** Search strategies. */
    public enum Mode { random, grid }

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "search");

    @Option(names = "--list", paramLabel = "DIR", description = "print the ranked candidates of a search directory and exit")
    private Path list;

    @Option(names = "--mode", description = "random or grid (default: ${DEFAULT-VALUE})")
    private Mode mode = Mode.random;

    @Option(names = "--candidates", description = "stop after this many candidates (default: 16 random; the whole grid)")
    private Integer candidates;

    @Option(names = "--max-seconds", description = "stop starting candidates after this time (default: ${DEFAULT-VALUE})")
    private long maxSeconds = 240;

    @Option(names = "--grid-points", description = "grid points per searched hyperparameter (default: ${DEFAULT-VALUE})")
    private int gridPoints = 3;

    @Option(names = "--depth", description = "L range min:max, log scale (default: 2:256; --conv " + ConvSearch.DEPTH + ")")
    private String depth;

    @Option(names = "--width", description = "M range, log scale (default: 1:64; --conv " + ConvSearch.WIDTH + ")")
    private String width;

    @Option(names = "--alpha", description = "α range, log scale (default: 0.1:10; --conv " + ConvSearch.ALPHA + ")")
    private String alpha;

    @Option(names = "--eta", description = "base learning rate η range, log scale (default: 0.02:5; --conv "
            + ConvSearch.ETA + ")")
    private String eta;

    @Option(names = "--conv", description = "search CNNs with a scaled conv stack on the digits images (1x8x8)")
    private boolean conv;

    @Option(names = "--channels", description = "--conv: channels C to choose among, comma-separated (default: ${DEFAULT-VALUE})")
    private String channels = "4,8";

    @Option(names = "--kernel-sizes", description = "--conv: odd kernel sizes k to choose among (default: ${DEFAULT-VALUE})")
    private String kernelSizes = "1,3";

    @Option(names = "--epochs", description = "--conv: epochs of minibatches of 64 per candidate (default: ${DEFAULT-VALUE})")
    private int epochs = 3;

    @Option(names = "--embedding-dim", description = "D (default: ${DEFAULT-VALUE})")
    private int embeddingDim = 8;

    @Option(names = "--regime", description = "regime preset for σ_u, σ_v: COMPLETE, SEMI_COMPLETE, LAZY (default: ${DEFAULT-VALUE})")
    private Regime regime = Regime.COMPLETE;

    @Option(names = "--steps", description = "full-batch GD steps per candidate (default: ${DEFAULT-VALUE})")
    private int steps = 60;

    @Option(names = "--train", description = "training examples (default: ${DEFAULT-VALUE})")
    private int train = 128;

    @Option(names = "--validation", description = "validation examples (default: ${DEFAULT-VALUE})")
    private int validation = 128;

    @Option(names = "--seed", description = "seed of the data, the networks and the search (default: ${DEFAULT-VALUE})")
    private long seed = 42;

    @Option(names = "--top", description = "complete candidates shown in the table (default: ${DEFAULT-VALUE})")
    private int top = 20;

    @Option(names = "--keep-models", description = "keep every candidate's saved model, not only " + BEST_MODEL)
    private boolean keepModels;

    @Option(names = "--overwrite", description = "replace a search already in the output directory")
    private boolean overwrite;

    @Option(names = "--ui", description = "show the search live in Arbiter's UI (DL4J UI server)")
    private boolean ui;

    @Option(names = "--ui-port", description = "UI server port (default: ${DEFAULT-VALUE})")
    private int uiPort = 9000;

    @Option(names = "--ui-bind", paramLabel = "ADDRESS", description = "address the UI listens on (default:"
            + " meanode.ui.bind, 127.0.0.1: this machine only; 0.0.0.0 serves it to the network)")
    private String uiBind;

    @Option(names = "--ui-wait", description = "seconds to keep the UI up after the search (default: ${DEFAULT-VALUE})")
    private long uiWait = 60;

    // Arbiter deprecates DataProvider in favour of DataSource classes built from Properties (for
    // distributed runs); the in-memory teacher task is what a DataProvider is for.
    @SuppressWarnings("deprecation")
    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        if (list != null) {
            Path dir = Files.isDirectory(list.resolve(RECORDS)) ? list.resolve(RECORDS) : list;
            List<CandidateRecord> records = SearchResultStore.read(dir);
            pw.println("search records in " + dir);
            SearchTable.print(records, top, pw);
            return 0;
        }
        long t0 = System.nanoTime();
        checkOptions();
        ParameterSpace<?> space;
        String spaceJson;
        String task;
        DataProvider provider;
        ScoreFunction score;
        if (conv) {
            MultiLayerSpace s = ConvSearch.space(or(depth, ConvSearch.DEPTH), or(width, ConvSearch.WIDTH),
                    or(alpha, ConvSearch.ALPHA), or(eta, ConvSearch.ETA), channels, kernelSizes, positive("--epochs", epochs),
                    seed + 1);
            space = mode == Mode.grid ? new FreeLeavesSpace<>(s) : s; // Arbiter's grid would give fixed parts axes
            spaceJson = s.toJson();
            MiniBatchDataProvider digits = ConvSearch.data(seed);
            provider = digits;
            task = digits.description();
            score = new TestSetLossScoreFunction(true);
        } else {
            MeanOdeResNetSpace s = space();
            space = s;
            spaceJson = s.toJson();
            TeacherTask teacher = TeacherTask.generate(4, 1, train, validation, 0.05, seed);
            provider = teacher.provider();
            task = "TeacherTask: d_in=4, d_out=1, " + TeacherTask.TEACHER_UNITS + " tanh teacher units, noise 0.05";
            score = new RegressionScoreFunction(RegressionEvaluation.Metric.MSE);
            teacherLine = String.format(Locale.ROOT, "validation MSE of the zero predictor: %.5f (label noise floor %.5f)%n",
                    teacher.zeroPredictorMse(), teacher.noise() * teacher.noise());
        }
        prepareOutput();
        Files.writeString(out.resolve(SPACE_JSON), spaceJson, StandardCharsets.UTF_8);

        CandidateGenerator generator;
        int max;
        if (mode == Mode.grid) {
            GridSearchCandidateGenerator g = new GridSearchCandidateGenerator(space, positive("--grid-points", gridPoints),
                    GridSearchCandidateGenerator.Mode.Sequential, null);
            max = candidates == null ? g.getTotalNumCandidates() : Math.min(candidates, g.getTotalNumCandidates());
            generator = g;
        } else {
            RandomSearchGenerator g = new RandomSearchGenerator(space, null);
            g.setRngSeed(seed + 2);
            max = candidates == null ? 16 : candidates;
            generator = g;
        }
        positive("--candidates", max);
        positive("--max-seconds", maxSeconds);

        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("searchSeed", Long.toString(seed + 2));
        prov.put("dataSeed", Long.toString(seed));
        prov.put("projectVersion", Provenance.projectVersion());
        prov.put("dl4jVersion", Provenance.dl4jVersion());
        prov.put("arbiterVersion", arbiterVersion());
        prov.put("nd4jBackend", Provenance.nd4jBackendArtifact());
        prov.put("score", scoreLabel());
        SearchResultStore store = new SearchResultStore(out.resolve(RECORDS));
        Path csv = out.resolve(SearchTable.CSV);
        AtomicInteger done = new AtomicInteger();
        int total = max;
        long started = System.nanoTime();
        MeanOdeTaskCreator tasks = new MeanOdeTaskCreator(r -> {
            store.write(r);
            SearchTable.append(csv, r);
            progress(pw, done.incrementAndGet(), total, r, started, maxSeconds, scoreLabel());
        }, prov);

        if (conv) {
            pw.printf(Locale.ROOT, "meanode search --conv: %s search, up to %d candidates or %d s; L %s, M %s, α %s, η %s,"
                            + " C %s, k %s; %d epochs on %s; score: %s (uniform prediction ln 10 = %.4f)%n", mode, max,
                    maxSeconds, or(depth, ConvSearch.DEPTH), or(width, ConvSearch.WIDTH), or(alpha, ConvSearch.ALPHA),
                    or(eta, ConvSearch.ETA), channels, kernelSizes, epochs, task, scoreLabel(), Math.log(10));
        } else {
            pw.printf(Locale.ROOT, "meanode search: %s search, up to %d candidates or %d s; D = %d, L %s, M %s, α %s, η %s, %s;"
                            + " %d GD steps on %d examples, validation %d, seed %d%n", mode, max, maxSeconds, embeddingDim,
                    or(depth, "2:256"), or(width, "1:64"), or(alpha, "0.1:10"), or(eta, "0.02:5"), regime, steps, train,
                    validation, seed);
            pw.print(teacherLine);
        }
        pw.flush();

        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(generator).dataProvider(provider)
                .modelSaver(new FileModelSaver(out.resolve(MODELS).toFile()))
                .scoreFunction(score)
                .terminationConditions(new MaxCandidatesCondition(max), new MaxTimeCondition(maxSeconds, TimeUnit.SECONDS))
                .rngSeed(seed + 2).build();
        IOptimizationRunner runner = new LocalOptimizationRunner(1, conf, tasks);
        SearchUi view = null;
        if (ui) {
            view = SearchUi.start(uiPort, uiBind != null ? uiBind : UiDefaults.load().bind(), out);
            view.listenTo(runner);
            pw.println("Arbiter UI: " + view.url());
            pw.flush();
        }
        try {
            runner.execute();
            List<CandidateRecord> records = SearchResultStore.read(out.resolve(RECORDS));
            pw.println();
            SearchTable.print(records, top, pw);
            boolean any = saveBest(runner, records, pw);
            if (!keepModels) {
                deleteTree(out.resolve(MODELS));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            provenance(spaceJson, task, records, seconds).write(out);
            pw.printf(Locale.ROOT, "wrote %s, %s/, %s, %s, %s; done in %.1f s%n", out.resolve(SearchTable.CSV), RECORDS,
                    any ? BEST_MODEL : "(no best model)", SPACE_JSON, Provenance.FILE_NAME, seconds);
            if (view != null && uiWait > 0) {
                pw.printf(Locale.ROOT, "keeping the UI at %s for %d s%n", view.url(), uiWait);
                pw.flush();
                Thread.sleep(uiWait * 1000);
            }
            pw.flush();
            return any ? 0 : 1;
        } finally {
            if (view != null) {
                view.close();
            }
        }
    }

    private MeanOdeResNetSpace space() {
        MeanOdeResNetSpace.Builder b = MeanOdeResNetSpace.builder().nIn(4).nOut(1).embeddingDim(embeddingDim)
                .regime(regime).numEpochs(positive("--steps", steps)).seed(seed + 1);
        SpaceOptions.apply(b, or(depth, "2:256"), or(width, "1:64"), or(alpha, "0.1:10"), or(eta, "0.02:5"));
        return b.build();
    }

    /** The line printed under the dense search's settings (the teacher task's reference scores). */
    private String teacherLine = "";

    private static String or(String value, String dflt) {
        return value != null ? value : dflt;
    }

    /** @return what the score is, for the progress lines, the table and the records' provenance */
    private String scoreLabel() {
        return conv ? "val loss" : "val MSE";
    }

    /** Options of one kind of search only are refused with the other, naming the option. */
    private void checkOptions() {
        var parsed = spec.commandLine().getParseResult();
        List<String> dense = List.of("--embedding-dim", "--regime", "--steps", "--train", "--validation");
        List<String> cnn = List.of("--channels", "--kernel-sizes", "--epochs");
        for (String o : conv ? dense : cnn) {
            if (parsed.hasMatchedOption(o)) {
                throw new IllegalArgumentException(o + (conv
                        ? " does not apply to --conv (it searches CNNs on the digits images: D = C·64 comes from --channels,"
                        + " the unit fixes σ_u, σ_v, and candidates train --epochs epochs of minibatches); remove it"
                        : " applies only to --conv (CNNs on the digits images); add --conv or remove it"));
            }
        }
    }

    private void prepareOutput() throws IOException {
        OutputDirectory.prepare(out, true, "search"); // a file or an unwritable place: one line with the fix
        boolean used = Files.exists(out.resolve(RECORDS)) || Files.exists(out.resolve(SearchTable.CSV));
        if (used && !overwrite) {
            throw new IllegalArgumentException("--out " + out + " already holds a search (" + RECORDS + "/, "
                    + SearchTable.CSV + "); pass another --out, or --overwrite to replace it");
        }
        if (used) {
            deleteTree(out.resolve(RECORDS));
            deleteTree(out.resolve(MODELS));
            Files.deleteIfExists(out.resolve(SearchTable.CSV));
            Files.deleteIfExists(out.resolve(BEST_MODEL));
        }
        Files.createDirectories(out);
    }

    /**
     * Saves the best complete candidate of the records as {@value #BEST_MODEL}. Its model comes
     * from Arbiter's result reference; a candidate that finished while the runner was shutting
     * down (after a MaxTimeCondition) has none in the runner, and is read from FileModelSaver's
     * file instead.
     */
    private boolean saveBest(IOptimizationRunner runner, List<CandidateRecord> records, PrintWriter pw) throws IOException {
        CandidateRecord best = SearchResultStore.ranked(records).stream()
                .filter(r -> r.status() == CandidateRecord.Status.COMPLETE).findFirst().orElse(null);
        if (best == null) {
            pw.println("no candidate completed: no best model");
            return false;
        }
        Model model = null;
        for (ResultReference ref : runner.getResults()) {
            if (ref.getResult().getIndex() == best.index()) {
                model = (Model) ref.getResultModel();
            }
        }
        String via = "Arbiter's result reference";
        if (model == null) {
            Path file = out.resolve(MODELS).resolve(Integer.toString(best.index())).resolve("model.bin");
            model = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            via = file + " (it finished while the runner shut down)";
        }
        ModelSerializer.writeModel(model, out.resolve(BEST_MODEL).toFile(), true);
        pw.printf(Locale.ROOT, "best: candidate #%d, %s %.6f, from %s -> %s%n", best.index(), scoreLabel(), best.score(), via,
                out.resolve(BEST_MODEL));
        return true;
    }

    private Provenance provenance(String spaceJson, String task, List<CandidateRecord> records, double seconds) {
        Provenance p = Provenance.forCommand("search", spec.commandLine().getParseResult().originalArgs());
        p.put("outputDirectory", out.toAbsolutePath().toString()).put("mode", mode.name());
        p.put("arbiterVersion", arbiterVersion());
        p.put("task", task).put("score", conv ? "validation cross-entropy (TestSetLossScoreFunction)" : "validation MSE");
        if (conv) {
            p.put("epochs", epochs).put("batchSize", ConvSearch.BATCH);
        } else {
            p.put("train", train).put("validation", validation).put("steps", steps).put("embeddingDim", embeddingDim);
        }
        p.put("dataSeed", seed).put("networkSeed", seed + 1).put("searchSeed", seed + 2);
        p.put("space", spaceJson.replaceAll("\\s+", " "));
        p.put("candidates", records.size());
        p.put("complete", records.stream().filter(r -> r.status() == CandidateRecord.Status.COMPLETE).count());
        SearchResultStore.ranked(records).stream().filter(r -> r.status() == CandidateRecord.Status.COMPLETE).findFirst()
                .ifPresent(r -> p.put("bestIndex", r.index()).put(conv ? "bestValidationLoss" : "bestValidationMse", r.score())
                        .put("bestHyperparameters", r.hyperparameters().toString()));
        p.put("wallSeconds", Math.round(seconds * 10) / 10.0);
        return p;
    }

    /**
     * One line per finished candidate, with the elapsed time and the time left: the candidates left at
     * the mean pace so far, capped by the search's time limit.
     */
    private static void progress(PrintWriter pw, int n, int total, CandidateRecord r, long started, long maxSeconds,
                                 String label) {
        Map<String, Object> h = r.hyperparameters();
        String what = r.status() == CandidateRecord.Status.COMPLETE
                ? String.format(Locale.ROOT, "%s %.5f", label, r.score()) : "FAILED (" + r.failureReason() + ")";
        double elapsed = (System.nanoTime() - started) / 1e9;
        double left = Math.min(elapsed * (total - n) / n, Math.max(0, maxSeconds - elapsed));
        String time = n >= total || left <= 0 ? "(" + ProgressLog.time(elapsed) + " elapsed)"
                : "(" + ProgressLog.time(elapsed) + " elapsed, ~" + ProgressLog.time(left) + " left)";
        String unit = h.containsKey("C") ? " C=" + h.get("C") + " k=" + h.get("k") : "";
        pw.printf(Locale.ROOT, "[%d/%d] #%d L=%s M=%s alpha=%s eta=%s%s: %s, %.1f s   %s%n", n, total, r.index(), h.get("L"),
                h.get("M"), fmt(h.get("alpha")), fmt(h.get("eta")), unit, what, r.seconds(), time);
        pw.flush();
    }

    private static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.3g", n.doubleValue()) : String.valueOf(v);
    }

    private static int positive(String option, long v) {
        if (v < 1) {
            throw new IllegalArgumentException(option + " = " + v + " is invalid: it must be ≥ 1");
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    static String arbiterVersion() {
        return Provenance.mavenVersion("org.deeplearning4j", "arbiter-core");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
