package org.meanode.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.CandidateGenerator;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.api.score.ScoreFunction;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.MeanOdeConfiguration;
import org.meanode.arbiter.MeanOdeTaskCreator;
import org.meanode.arbiter.SearchResultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Arbiter search whose candidates train on Spark executors, one candidate per Spark task (one
 * small job each, up to {@code parallelism} at once). The driver draws candidates from an Arbiter
 * {@link CandidateGenerator} (random or grid search over a
 * {@link org.meanode.arbiter.MeanOdeResNetSpace}); each task trains and scores its candidate with
 * {@link MeanOdeTaskCreator} (divergence guard included) and returns a {@link CandidateRecord},
 * which the driver writes to the {@link SearchResultStore} as soon as that task finishes.
 * <ul>
 *   <li>A candidate that throws, diverges or scores non-finite is recorded FAILED; so is one whose
 *       Spark task itself fails (lost executor, serialization): no failure stops the search.</li>
 *   <li><b>Resume.</b> Candidates already in the store (by index) are drawn but not trained
 *       again: run the same search (same generator seed, same store) after the driver was killed
 *       and it trains only what is missing. Records are written atomically, so a kill loses at
 *       most the candidates in flight.</li>
 * </ul>
 * The data provider and score function travel to the executors by Java serialization (Arbiter's
 * DataProvider is Serializable; FullBatchDataProvider holds its data).
 *
 * <pre>{@code
 * RandomSearchGenerator g = new RandomSearchGenerator(space, null);
 * g.setRngSeed(44);
 * List<CandidateRecord> records = SparkSearch.builder().generator(g).data(provider)
 *         .score(new RegressionScoreFunction(RegressionEvaluation.Metric.MSE))
 *         .store(new SearchResultStore(dir)).maxCandidates(32).build().run(sc);
 * }</pre>
 */
public final class SparkSearch {
    private static final Logger log = LoggerFactory.getLogger(SparkSearch.class);

    private final CandidateGenerator generator;
    private final DataProvider data;
    private final ScoreFunction score;
    private final SearchResultStore store;
    private final int maxCandidates;
    private final long maxMillis;
    private final int parallelism;
    private final Map<String, String> provenance;
    private final Consumer<CandidateRecord> listener;

    private SparkSearch(Builder b) {
        if (b.generator == null || b.data == null || b.score == null || b.store == null) {
            throw new IllegalStateException("SparkSearch: generator, data, score and store are required (missing: "
                    + (b.generator == null ? "generator " : "") + (b.data == null ? "data " : "")
                    + (b.score == null ? "score " : "") + (b.store == null ? "store" : "").trim() + ")");
        }
        this.generator = b.generator;
        this.data = b.data;
        this.score = b.score;
        this.store = b.store;
        this.maxCandidates = b.maxCandidates;
        this.maxMillis = b.maxSeconds * 1000L;
        this.parallelism = b.parallelism;
        this.provenance = new LinkedHashMap<>(b.provenance);
        this.listener = b.listener;
    }

    /** @return a new builder (defaults: 16 candidates, no time limit, parallelism = Spark's default parallelism) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the search to its end: {@code maxCandidates} drawn (those in the store count and are
     * skipped), the generator exhausted, or the time limit reached (no new candidate starts).
     *
     * @param sc the Spark context (driver side)
     * @return every record of the store after the search, in index order
     */
    public List<CandidateRecord> run(JavaSparkContext sc) {
        Set<Integer> done = new TreeSet<>();
        for (CandidateRecord r : SearchResultStore.read(store.directory())) {
            done.add(r.index());
        }
        if (!done.isEmpty()) {
            log.info("SparkSearch: resuming, {} candidate(s) already in {}: {}", done.size(), store.directory(), done);
        }
        int slots = parallelism > 0 ? parallelism : Math.max(1, sc.defaultParallelism());
        Map<String, String> prov = new LinkedHashMap<>(provenance);
        prov.put("sparkMaster", sc.master());
        prov.put("sparkVersion", sc.version());
        TrainCandidate task = new TrainCandidate(data, score, prov);
        ExecutorService pool = Executors.newFixedThreadPool(slots, r -> {
            Thread t = new Thread(r, "spark-search");
            t.setDaemon(true);
            return t;
        });
        long deadline = maxMillis > 0 ? System.currentTimeMillis() + maxMillis : Long.MAX_VALUE;
        List<Future<?>> inFlight = new ArrayList<>();
        try {
            int drawn = 0;
            while (drawn < maxCandidates && generator.hasMoreCandidates() && System.currentTimeMillis() < deadline) {
                Candidate<?> c = generator.getCandidate();
                drawn++;
                if (done.contains(c.getIndex())) {
                    continue;
                }
                while (inFlight.size() >= slots) {
                    awaitOne(inFlight);
                }
                inFlight.add(pool.submit(() -> runOne(sc, task, c)));
            }
            while (!inFlight.isEmpty()) {
                awaitOne(inFlight);
            }
        } finally {
            pool.shutdownNow();
        }
        return SearchResultStore.read(store.directory());
    }

    private static void awaitOne(List<Future<?>> inFlight) {
        while (true) {
            for (int i = 0; i < inFlight.size(); i++) {
                if (inFlight.get(i).isDone()) {
                    Future<?> f = inFlight.remove(i);
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("SparkSearch interrupted", e);
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("SparkSearch: recording a candidate failed", e.getCause());
                    }
                    return;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("SparkSearch interrupted", e);
            }
        }
    }

    /** Trains one candidate in its own Spark job (one task) and writes its record. */
    private void runOne(JavaSparkContext sc, TrainCandidate task, Candidate<?> c) {
        long start = System.currentTimeMillis();
        sc.setJobDescription("meanode search: candidate #" + c.getIndex());
        CandidateRecord r;
        try {
            Map<String, Object> m = sc.parallelize(List.<Candidate<?>>of(c), 1).map(task).collect().get(0);
            r = CandidateRecord.fromMap(m);
        } catch (Exception e) { // SparkException (checked, thrown undeclared by Scala) when the task itself failed
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String msg = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
            r = new CandidateRecord(c.getIndex(), CandidateRecord.Status.FAILED, null,
                    "Spark task failed: " + root.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg),
                    c.getValue() instanceof MeanOdeConfiguration mc ? mc.hyperparameters() : Map.of(), c.getFlatParameters(),
                    null, start, System.currentTimeMillis(), task.provenance);
        }
        store.write(r);
        if (listener != null) {
            listener.accept(r);
        }
    }

    /** The executor side: trains and scores one candidate, returns its record as a map. */
    static final class TrainCandidate implements Function<Candidate<?>, Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final DataProvider data;
        private final ScoreFunction score;
        private final LinkedHashMap<String, String> provenance;

        TrainCandidate(DataProvider data, ScoreFunction score, Map<String, String> provenance) {
            this.data = data;
            this.score = score;
            this.provenance = new LinkedHashMap<>(provenance);
        }

        @Override
        public Map<String, Object> call(Candidate<?> c) throws Exception {
            AtomicReference<CandidateRecord> out = new AtomicReference<>();
            Map<String, String> prov = new LinkedHashMap<>(provenance);
            prov.put("executorHost", java.net.InetAddress.getLocalHost().getHostName());
            prov.put("executorPid", Long.toString(ProcessHandle.current().pid()));
            new MeanOdeTaskCreator(out::set, prov).create(c, data, score, null, null).call();
            return new LinkedHashMap<>(out.get().toMap());
        }
    }

    /** Builder of a {@link SparkSearch}. */
    public static final class Builder {
        private CandidateGenerator generator;
        private DataProvider data;
        private ScoreFunction score;
        private SearchResultStore store;
        private int maxCandidates = 16;
        private long maxSeconds;
        private int parallelism;
        private Map<String, String> provenance = Map.of();
        private Consumer<CandidateRecord> listener;

        private Builder() {
        }

        /** @param g Arbiter's generator (seeded, for a search that can resume) @return this */
        public Builder generator(CandidateGenerator g) {
            this.generator = g;
            return this;
        }

        /** @param d the data of every candidate (serialised to the executors) @return this */
        public Builder data(DataProvider d) {
            this.data = d;
            return this;
        }

        /** @param s the score function (lower or higher is better, as Arbiter's) @return this */
        public Builder score(ScoreFunction s) {
            this.score = s;
            return this;
        }

        /** @param s where records are written, one file per candidate; also what a resumed search reads @return this */
        public Builder store(SearchResultStore s) {
            this.store = s;
            return this;
        }

        /** @param n candidates to draw in all, those already recorded included (default 16) @return this */
        public Builder maxCandidates(int n) {
            this.maxCandidates = MeanOdeTrainingMasters.positive("SparkSearch.maxCandidates", n);
            return this;
        }

        /** @param s no new candidate starts after this many seconds (default 0: no limit) @return this */
        public Builder maxSeconds(long s) {
            if (s < 0) {
                throw new IllegalArgumentException("SparkSearch.maxSeconds = " + s + " is invalid: use 0 (no limit) or more");
            }
            this.maxSeconds = s;
            return this;
        }

        /** @param n candidates trained at once (default 0: the context's default parallelism) @return this */
        public Builder parallelism(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("SparkSearch.parallelism = " + n + " is invalid: use 0 (Spark's default"
                        + " parallelism) or more");
            }
            this.parallelism = n;
            return this;
        }

        /** @param p entries copied into every record (versions, seeds) @return this */
        public Builder provenance(Map<String, String> p) {
            this.provenance = Map.copyOf(p);
            return this;
        }

        /** @param l called on the driver after each record is written (progress output) @return this */
        public Builder listener(Consumer<CandidateRecord> l) {
            this.listener = l;
            return this;
        }

        /** @return the search */
        public SparkSearch build() {
            return new SparkSearch(this);
        }
    }
}
