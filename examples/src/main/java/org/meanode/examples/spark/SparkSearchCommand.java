package org.meanode.examples.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.MeanOdeResNetSpace;
import org.meanode.arbiter.SearchResultStore;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.Provenance;
import org.meanode.examples.search.SpaceOptions;
import org.meanode.examples.search.SearchTable;
import org.meanode.examples.search.TeacherTask;
import org.meanode.spark.SparkSearch;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode spark search}: the random search of the {@code search} command (L, M, α, η of
 * α/(L·M)-scaled ResNets on the teacher task, score = validation MSE), with every candidate trained
 * in its own Spark task. Records go to {@code <out>/records/} as candidates finish; a search killed
 * part-way resumes with {@code --resume} (same options), training only the missing candidates.
 * Prints the ranked table and the throughput in candidates per minute.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Arbiter random search over L, M, α, η with one candidate per Spark task (resumable).")
public final class SparkSearchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--master", description = "Spark master URL (default: ${DEFAULT-VALUE})")
    private String master = "local[*]";

    @Option(names = "--parallelism", description = "candidates trained at once (default: Spark's default parallelism)")
    private int parallelism;

    @Option(names = "--candidates", description = "candidates in all (default: ${DEFAULT-VALUE})")
    private int candidates = 16;

    @Option(names = "--max-seconds", description = "no new candidate after this time, 0 = none (default: ${DEFAULT-VALUE})")
    private long maxSeconds;

    @Option(names = "--depth", description = "L range min:max, log scale (default: ${DEFAULT-VALUE})")
    private String depth = "2:64";

    @Option(names = "--width", description = "M range, log scale (default: ${DEFAULT-VALUE})")
    private String width = "1:32";

    @Option(names = "--alpha", description = "α range, log scale (default: ${DEFAULT-VALUE})")
    private String alpha = "0.1:10";

    @Option(names = "--eta", description = "η range, log scale (default: ${DEFAULT-VALUE})")
    private String eta = "0.02:5";

    @Option(names = "--embedding-dim", description = "D (default: ${DEFAULT-VALUE})")
    private int embeddingDim = 8;

    @Option(names = "--steps", description = "full-batch GD steps per candidate (default: ${DEFAULT-VALUE})")
    private int steps = 60;

    @Option(names = "--train", description = "training examples (default: ${DEFAULT-VALUE})")
    private int train = 128;

    @Option(names = "--validation", description = "validation examples (default: ${DEFAULT-VALUE})")
    private int validation = 128;

    @Option(names = "--seed", description = "seed of the data, networks and search (default: ${DEFAULT-VALUE})")
    private long seed = 42;

    @Option(names = "--top", description = "complete candidates shown (default: ${DEFAULT-VALUE})")
    private int top = 20;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "spark-search");

    @Option(names = "--resume", description = "continue the search already in --out (same options), training only what is missing")
    private boolean resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        Path records = out.resolve("records");
        if (Files.isDirectory(records) && !resume) {
            throw new IllegalArgumentException("--out " + out + " already holds a search (records/); pass --resume to continue it"
                    + " (with the same options) or another --out");
        }
        OutputDirectory.prepare(out, true, "spark search"); // a file or an unwritable place: one line with the fix
        TeacherTask task = TeacherTask.generate(4, 1, SparkTrainCommand.positive("--train", train),
                SparkTrainCommand.positive("--validation", validation), 0.05, seed);
        RandomSearchGenerator generator = new RandomSearchGenerator(space(), null);
        generator.setRngSeed(seed + 2);
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("searchSeed", Long.toString(seed + 2));
        prov.put("dataSeed", Long.toString(seed));
        prov.put("projectVersion", Provenance.projectVersion());
        prov.put("dl4jVersion", Provenance.dl4jVersion());
        Path csv = out.resolve(SearchTable.CSV);
        AtomicInteger n = new AtomicInteger();
        long t0 = System.nanoTime();
        JavaSparkContext sc = SparkCommand.context(master, "meanode spark search");
        try {
            int before = Files.isDirectory(records) ? SearchResultStore.read(records).size() : 0;
            pw.printf(Locale.ROOT, "meanode spark search on %s (%d task slots): %d candidates%s, L %s, M %s, α %s, η %s, D = %d,"
                            + " %d GD steps%n", sc.master(), sc.defaultParallelism(), candidates,
                    before > 0 ? " (" + before + " already recorded)" : "", depth, width, alpha, eta, embeddingDim, steps);
            pw.flush();
            long tSearch = System.nanoTime();
            List<CandidateRecord> all = SparkSearch.builder().generator(generator).data(task.provider())
                    .score(new RegressionScoreFunction(RegressionEvaluation.Metric.MSE))
                    .store(new SearchResultStore(records)).maxCandidates(SparkTrainCommand.positive("--candidates", candidates))
                    .maxSeconds(maxSeconds).parallelism(parallelism).provenance(prov)
                    .listener(r -> {
                        SearchTable.append(csv, r);
                        pw.printf(Locale.ROOT, "[%d] #%d %s%n", n.incrementAndGet(), r.index(),
                                r.status() == CandidateRecord.Status.COMPLETE
                                        ? String.format(Locale.ROOT, "val MSE %.5f, %.1f s", r.score(), r.seconds())
                                        : "FAILED (" + r.failureReason() + ")");
                        pw.flush();
                    }).build().run(sc);
            double minutes = (System.nanoTime() - t0) / 6e10;
            double searchMinutes = (System.nanoTime() - tSearch) / 6e10;
            pw.println();
            SearchTable.print(all, top, pw);
            pw.printf(Locale.ROOT, "%d candidates trained in %.2f min: %.1f candidates/minute on %s (%.1f with Spark's start)%n",
                    n.get(), searchMinutes, n.get() / searchMinutes, sc.master(), n.get() / minutes);
            Provenance p = Provenance.forCommand("spark search", spec.commandLine().getParseResult().originalArgs());
            p.put("sparkMaster", sc.master()).put("sparkVersion", sc.version()).put("candidatesTrained", n.get())
                    .put("candidatesPerMinute", Math.round(n.get() / searchMinutes * 10) / 10.0)
                    .put("searchMinutes", Math.round(searchMinutes * 1000) / 1000.0);
            p.write(out);
            pw.flush();
            return all.stream().anyMatch(r -> r.status() == CandidateRecord.Status.COMPLETE) ? 0 : 1;
        } finally {
            sc.stop();
        }
    }

    private MeanOdeResNetSpace space() {
        MeanOdeResNetSpace.Builder b = MeanOdeResNetSpace.builder().nIn(4).nOut(1)
                .embeddingDim(SparkTrainCommand.positive("--embedding-dim", embeddingDim))
                .numEpochs(SparkTrainCommand.positive("--steps", steps)).seed(seed + 1);
        SpaceOptions.apply(b, depth, width, alpha, eta);
        return b.build();
    }
}
