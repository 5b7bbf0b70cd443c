package org.meanode.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.api.data.DataProvider;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.SearchResultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Distributed Arbiter search on a real Spark (local[2]): records, failures, resume after a killed driver. */
class SparkSearchTest {
    private static final Logger log = LoggerFactory.getLogger(SparkSearchTest.class);
    private static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = LocalSpark.start("local[2]", false);
    }

    @AfterAll
    static void stopSpark() {
        if (sc != null) {
            sc.stop();
        }
    }

    private static long files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        }
    }

    /**
     * Every candidate is trained in a Spark task and recorded as it finishes (the store holds one
     * more file at each callback); the diverging half (η = 1e7) is recorded FAILED with the reason,
     * the search goes on, and the other half completes with finite scores.
     */
    @Test
    void everyCandidateIsRecordedAsItFinishesAndDivergenceIsNotFatal(@TempDir Path dir) throws Exception {
        Path records = dir.resolve("records");
        List<Long> filesAtCallback = new ArrayList<>();
        long t0 = System.nanoTime();
        List<CandidateRecord> all = SearchFixture.search(records, r -> {
            try {
                filesAtCallback.add(files(records));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).run(sc);
        double minutes = (System.nanoTime() - t0) / 6e10;
        log.info("{} candidates on local[2] in {} min: {} candidates/minute", all.size(), minutes, all.size() / minutes);
        assertEquals(SearchFixture.CANDIDATES, all.size());
        for (int i = 0; i < filesAtCallback.size(); i++) {
            assertTrue(filesAtCallback.get(i) >= i + 1, "record " + (i + 1) + " was on disk when reported: " + filesAtCallback);
        }
        for (CandidateRecord r : all) {
            double eta = ((Number) r.hyperparameters().get("eta")).doubleValue();
            if (eta > 1e3) {
                assertEquals(CandidateRecord.Status.FAILED, r.status(), "η = " + eta + ": " + r);
                assertTrue(r.failureReason().startsWith("diverged"), r.failureReason());
            } else {
                assertEquals(CandidateRecord.Status.COMPLETE, r.status(), "η = " + eta + ": " + r);
                assertTrue(Double.isFinite(r.score()) && r.score() < 1.0, r.toString());
                assertTrue(r.provenance().containsKey("executorPid"), "trained in a Spark task: " + r.provenance());
            }
        }
    }

    /**
     * The driver dies (Runtime.halt in a separate JVM) after 3 records with tasks in flight; the
     * same search started again trains only the missing candidates: in the end every index is
     * recorded once, the records written before the kill are untouched, and each record belongs
     * to the candidate of its index (same point of the grid as a fresh generator draws).
     */
    @Test
    void searchResumesAfterTheDriverIsKilled(@TempDir Path dir) throws Exception {
        Path records = dir.resolve("records");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-") || a.startsWith("-Daeron") || a.startsWith("-Xmx")
                        || a.startsWith("-Dorg.bytedeco")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(SearchDriverMain.class.getName());
        cmd.add(records.toString());
        cmd.add("3");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("driver.log").toFile()).start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "the killed driver did not stop");
        assertEquals(137, p.exitValue(), "the driver must have been killed mid-search; log: "
                + Files.readString(dir.resolve("driver.log")).lines().filter(l -> l.contains("Exception")).limit(5).toList());
        Map<Integer, String> before = snapshot(records);
        log.info("killed driver left {} records: {}", before.size(), before.keySet());
        assertTrue(before.size() >= 3 && before.size() < SearchFixture.CANDIDATES, "records before the kill: " + before.keySet());

        List<Integer> trainedNow = new ArrayList<>();
        List<CandidateRecord> all = SearchFixture.search(records, r -> trainedNow.add(r.index())).run(sc);
        assertEquals(SearchFixture.CANDIDATES, all.size());
        assertEquals(SearchFixture.CANDIDATES, all.stream().map(CandidateRecord::index).distinct().count());
        assertEquals(SearchFixture.CANDIDATES - before.size(), trainedNow.size(), "resume trains only the missing ones");
        assertTrue(trainedNow.stream().noneMatch(before::containsKey), "nothing recorded is trained again: " + trainedNow);
        Map<Integer, String> after = snapshot(records);
        before.forEach((i, json) -> assertEquals(json, after.get(i), "record " + i + " written before the kill changed"));

        GridSearchCandidateGenerator fresh = SearchFixture.generator();
        Map<Integer, double[]> points = new HashMap<>();
        while (fresh.hasMoreCandidates()) {
            Candidate<?> c = fresh.getCandidate();
            points.put(c.getIndex(), c.getFlatParameters());
        }
        for (CandidateRecord r : all) {
            assertArrayEquals(points.get(r.index()), r.unitValues(), 0.0, "candidate " + r.index());
        }
    }

    /** A data provider that cannot be deserialized on an executor: its Spark task fails. */
    static final class BrokenProvider implements DataProvider {
        private static final long serialVersionUID = 1L;

        @Override
        public Object trainData(Map<String, Object> dataParameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object testData(Map<String, Object> dataParameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Class<?> getDataType() {
            return Object.class;
        }

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException {
            throw new java.io.IOException("BrokenProvider cannot be deserialized");
        }
    }

    /** A candidate whose Spark task itself fails (not its training) is recorded FAILED; the search goes on. */
    @Test
    void failedSparkTasksAreRecordedNotFatal(@TempDir Path dir) {
        List<CandidateRecord> all = SparkSearch.builder().generator(SearchFixture.generator()).data(new BrokenProvider())
                .score(new org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction(
                        org.nd4j.evaluation.regression.RegressionEvaluation.Metric.MSE))
                .store(new SearchResultStore(dir.resolve("records"))).maxCandidates(3).parallelism(2).build().run(sc);
        assertEquals(3, all.size());
        for (CandidateRecord r : all) {
            assertEquals(CandidateRecord.Status.FAILED, r.status(), r.toString());
            assertTrue(r.failureReason().startsWith("Spark task failed") && r.failureReason().contains("BrokenProvider"),
                    r.failureReason());
            assertTrue(r.hyperparameters().containsKey("L"), "the candidate's values are kept: " + r.hyperparameters());
        }
    }

    private static Map<Integer, String> snapshot(Path records) throws Exception {
        return SearchResultStore.read(records).stream().collect(Collectors.toMap(CandidateRecord::index, r -> {
            try {
                return Files.readString(records.resolve("candidate-" + r.index() + ".json"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }
}
