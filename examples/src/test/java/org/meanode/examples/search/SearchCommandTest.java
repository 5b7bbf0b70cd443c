package org.meanode.examples.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.SearchResultStore;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.data.TrainTestSplit;
import org.meanode.data.VendoredDataset;
import org.meanode.examples.MeanOdeCli;
import org.meanode.examples.Provenance;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code search} end to end at small scale (a few seconds each): random search writes records,
 * CSV with provenance, the best model (whose validation MSE, recomputed in plain Java from the
 * restored network on a regenerated task, equals the recorded best score to 1e-5 relative), and
 * {@code --list} ranks them from the files alone; grid search visits its whole grid; a search
 * whose every candidate diverges records the failures and exits 1; an invalid range fails before
 * any candidate, naming the field.
 */
class SearchCommandTest {

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {
    }

    private static final String[] SMALL = {"--steps", "8", "--train", "24", "--validation", "16", "--embedding-dim", "4",
        "--depth", "2:6", "--width", "1:3"};

    private static String[] args(Path dir, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("search", "--out", dir.toString()));
        a.addAll(List.of(SMALL));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void randomSearchWritesRecordsCsvBestModelAndListRanksThem(@TempDir Path dir) throws Exception {
        Result r = run(args(dir, "--candidates", "3", "--eta", "0.05:1"));
        assertEquals(0, r.code(), "exit code; stderr: " + r.err() + "\nstdout: " + r.out());
        List<CandidateRecord> records = SearchResultStore.read(dir.resolve(SearchCommand.RECORDS));
        assertEquals(3, records.size());
        String csv = Files.readString(dir.resolve(SearchTable.CSV));
        assertTrue(csv.startsWith(SearchTable.HEADER + "\n"));
        for (CandidateRecord c : records) {
            assertTrue(csv.contains("\n" + c.index() + "," + c.status() + ","), "row of candidate " + c.index());
            assertEquals("1.0.0-M2.1", c.provenance().get("dl4jVersion"));
            assertEquals("1.0.0-beta7", c.provenance().get("arbiterVersion"));
        }
        assertTrue(csv.contains("org.meanode.conf.ScaledResidualStack"), "configuration JSON in the CSV");
        assertTrue(Files.readString(dir.resolve(Provenance.FILE_NAME)).contains("\"arbiterVersion\": \"1.0.0-beta7\""));
        assertTrue(Files.notExists(dir.resolve(SearchCommand.MODELS)), "candidate models removed without --keep-models");

        assertTrue(records.size() >= 1, r.out());
        CandidateRecord best = SearchResultStore.ranked(records).get(0);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(SearchCommand.BEST_MODEL).toFile(), true);
        DataSet val = TeacherTask.generate(4, 1, 24, 16, 0.05, 42).validation();
        INDArray y = net.output(val.getFeatures());
        double mse = 0;
        for (int i = 0; i < 16; i++) {
            double e = y.getDouble(i, 0) - val.getLabels().getDouble(i, 0);
            mse += e * e / 16;
        }
        assertEquals(best.score(), mse, 1e-5 * best.score(), "restored best model scores the recorded best");

        Result listed = run("search", "--list", dir.toString());
        assertEquals(0, listed.code(), listed.err());
        String firstRow = listed.out().lines().filter(l -> l.trim().startsWith("1 ")).findFirst().orElseThrow();
        assertTrue(firstRow.contains(" " + best.index() + "  COMPLETE"), "rank 1 is the best: " + listed.out());

        Result again = run(args(dir, "--candidates", "1"));
        assertTrue(again.code() != 0 && again.err().contains("already holds a search"), "no silent mixing: " + again.err());
    }

    @Test
    void candidateFinishingAfterTheTimeLimitIsRecordedAndCanBeTheBest(@TempDir Path dir) throws Exception {
        // Arbiter's runner checks its time limit between 1-s polls and then waits for the running
        // candidate, but may return before it has processed that candidate's result (it then lacks
        // it in its best score and result references). The record and the saved model hold it, and
        // the best model is the best record's either way.
        Result r = run("search", "--out", dir.toString(), "--steps", "60", "--train", "24", "--validation", "16",
                "--embedding-dim", "4", "--depth", "48", "--width", "8", "--eta", "0.5", "--alpha", "1", "--max-seconds", "2");
        assertEquals(0, r.code(), r.err() + r.out());
        List<CandidateRecord> records = SearchResultStore.read(dir.resolve(SearchCommand.RECORDS));
        assertTrue(records.size() >= 1, r.out());
        CandidateRecord best = SearchResultStore.ranked(records).get(0);
        assertTrue(r.out().contains("best: candidate #" + best.index() + ","), r.out());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(SearchCommand.BEST_MODEL).toFile(), true);
        DataSet val = TeacherTask.generate(4, 1, 24, 16, 0.05, 42).validation();
        INDArray y = net.output(val.getFeatures());
        double mse = 0;
        for (int i = 0; i < 16; i++) {
            double e = y.getDouble(i, 0) - val.getLabels().getDouble(i, 0);
            mse += e * e / 16;
        }
        assertEquals(best.score(), mse, 1e-5 * best.score());
    }

    @Test
    void gridSearchVisitsTheWholeGrid(@TempDir Path dir) {
        Result r = run(args(dir, "--mode", "grid", "--grid-points", "2", "--alpha", "1", "--eta", "0.1:0.4"));
        assertEquals(0, r.code(), r.err());
        List<CandidateRecord> records = SearchResultStore.read(dir.resolve(SearchCommand.RECORDS));
        Set<List<Object>> seen = new HashSet<>();
        for (CandidateRecord c : records) {
            seen.add(List.of(c.hyperparameters().get("L"), c.hyperparameters().get("M"), c.hyperparameters().get("eta")));
        }
        assertEquals(Set.of(List.of(2L, 1L, 0.1), List.of(6L, 1L, 0.1), List.of(2L, 3L, 0.1), List.of(6L, 3L, 0.1),
                List.of(2L, 1L, 0.4), List.of(6L, 1L, 0.4), List.of(2L, 3L, 0.4), List.of(6L, 3L, 0.4)), seen);
    }

    @Test
    void divergingCandidatesAreRecordedAsFailedAndTheSearchEndsWithoutBestModel(@TempDir Path dir) {
        Result r = run(args(dir, "--candidates", "2", "--eta", "1e12"));
        assertEquals(1, r.code(), "no complete candidate: exit 1; " + r.out());
        List<CandidateRecord> records = SearchResultStore.read(dir.resolve(SearchCommand.RECORDS));
        assertEquals(2, records.size());
        for (CandidateRecord c : records) {
            assertEquals(CandidateRecord.Status.FAILED, c.status());
            assertTrue(c.failureReason().startsWith("diverged"), c.failureReason());
        }
        assertTrue(r.out().contains("FAILED (diverged"), "progress names the reason: " + r.out());
        assertTrue(Files.notExists(dir.resolve(SearchCommand.BEST_MODEL)));
    }

    @Test
    void invalidRangeFailsBeforeAnyCandidateNamingTheField(@TempDir Path dir) {
        Result r = run("search", "--out", dir.toString(), "--width", "0:64");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("MeanOdeResNetSpace.width = [0, 64]"), r.err());
        assertTrue(Files.notExists(dir.resolve(SearchCommand.RECORDS)) || SearchResultStore.read(dir.resolve(SearchCommand.RECORDS)).isEmpty());
        Result empty = run("search", "--out", dir.toString(), "--alpha", "10:0.1");
        assertTrue(empty.err().contains("MeanOdeResNetSpace.alpha") && empty.err().contains("empty"), empty.err());
    }

    @Test
    void convSearchTrainsCnnsOnDigitsAndRecordsTheirShapes(@TempDir Path dir) throws Exception {
        Result r = run("search", "--out", dir.toString(), "--conv", "--candidates", "2", "--epochs", "1", "--depth", "2:3",
                "--width", "2:3", "--channels", "4", "--kernel-sizes", "1,3", "--eta", "0.3");
        assertEquals(0, r.code(), "stderr: " + r.err() + "\nstdout: " + r.out());
        assertTrue(r.out().contains("meanode search --conv") && r.out().contains("val loss"), r.out());
        List<CandidateRecord> records = SearchResultStore.read(dir.resolve(SearchCommand.RECORDS));
        assertEquals(2, records.size());
        for (CandidateRecord c : records) {
            assertEquals(CandidateRecord.Status.COMPLETE, c.status(), c.failureReason());
            assertEquals(4L * 64, c.hyperparameters().get("D"), "D = C·H·W");
            long l = (Long) c.hyperparameters().get("L");
            assertTrue(l >= 2 && l <= 3, "L " + l);
            assertEquals(0.3, (Double) c.hyperparameters().get("eta"), 1e-12);
            assertTrue(String.valueOf(c.hyperparameters().get("activation")).startsWith("ConvUnit(C=4, H=8, W=8"),
                    c.hyperparameters().toString());
            assertTrue(Double.isFinite(c.score()) && c.score() > 0, "validation cross-entropy " + c.score());
        }
        assertTrue(Files.readString(dir.resolve(SearchTable.CSV)).startsWith(SearchTable.CONV_HEADER + "\n"));
        assertTrue(Files.readString(dir.resolve(SearchCommand.SPACE_JSON)).contains("ConvUnitSpace"));

        // The best model is the conv network the record describes, and scores its recorded validation loss.
        CandidateRecord best = SearchResultStore.ranked(records).get(0);
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(SearchCommand.BEST_MODEL).toFile(), true);
        ScaledResidualStack stack = (ScaledResidualStack) net.getLayerWiseConfigurations().getConf(1).getLayer();
        assertTrue(stack.getUnit() instanceof ConvUnit, stack.toString());
        assertEquals(best.hyperparameters().get("L"), (long) stack.getDepth());
        DataSet test = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42).test(DataType.FLOAT);
        assertEquals(best.score(), net.score(test), 1e-4 * best.score(), "mean validation cross-entropy");

        Result listed = run("search", "--list", dir.toString());
        assertEquals(0, listed.code(), listed.err());
        assertTrue(listed.out().contains("val loss") && listed.out().contains("C=4 k="), listed.out());

        // Grid mode: the only free leaf is k, so the grid is k ∈ {1, 3}, whatever is fixed.
        Path grid = dir.resolve("grid");
        Result g = run("search", "--out", grid.toString(), "--conv", "--mode", "grid", "--grid-points", "2", "--epochs", "1",
                "--depth", "2", "--width", "2", "--alpha", "1", "--eta", "0.3", "--channels", "4", "--kernel-sizes", "1,3");
        assertEquals(0, g.code(), g.err() + g.out());
        Set<String> units = new HashSet<>();
        for (CandidateRecord c : SearchResultStore.read(grid.resolve(SearchCommand.RECORDS))) {
            units.add(String.valueOf(c.hyperparameters().get("activation")).replaceAll(", activation=.*", ""));
        }
        assertEquals(Set.of("ConvUnit(C=4, H=8, W=8, k=1", "ConvUnit(C=4, H=8, W=8, k=3"), units);
    }

    @Test
    void optionsOfTheOtherKindOfSearchAreRefusedByName(@TempDir Path dir) {
        Result r = run("search", "--out", dir.toString(), "--conv", "--embedding-dim", "8");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--embedding-dim does not apply to --conv"), r.err());
        Result d = run("search", "--out", dir.toString(), "--channels", "4,8");
        assertEquals(2, d.code(), d.out());
        assertTrue(d.err().contains("--channels applies only to --conv"), d.err());
        Result k = run("search", "--out", dir.toString(), "--conv", "--kernel-sizes", "2,3");
        assertTrue(k.err().contains("ConvUnitSpace.kernelSize") && k.err().contains("can take the value 2"), k.err());
        Result c = run("search", "--out", dir.toString(), "--conv", "--channels", "4,x");
        assertTrue(c.err().contains("--channels value '4,x' is not a comma-separated list of integers"), c.err());
        assertTrue(Files.notExists(dir.resolve(SearchCommand.RECORDS)), "nothing written before the options are valid");
    }
}
