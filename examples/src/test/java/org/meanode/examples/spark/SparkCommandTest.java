package org.meanode.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.SearchResultStore;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.examples.MeanOdeCli;
import org.meanode.examples.Provenance;

/**
 * {@code spark train} and {@code spark search} end to end on {@code local[2]} at small scale: the
 * trained network restores from the driver's file with its stack configuration and lower training
 * loss than at the start; the search records every candidate, refuses to overwrite a search, and
 * {@code --resume} of a finished search trains nothing more.
 */
class SparkCommandTest {
    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void trainWritesARestorableNetworkAndStats(@TempDir Path dir) throws Exception {
        Result r = run("spark", "train", "--master", "local[2]", "--epochs", "2", "--train", "128", "--depth", "4", "--width",
                "4", "--embedding-dim", "8", "--out", dir.toString());
        assertEquals(0, r.code(), "stderr: " + r.err() + "\nstdout: " + r.out());
        List<String> epochs = r.out().lines().filter(l -> l.startsWith("epoch")).toList();
        assertEquals(2, epochs.size(), r.out());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(SparkTrainCommand.MODEL).toFile(), true);
        assertTrue(net.getLayer(1).conf().getLayer() instanceof ScaledResidualStack, net.getLayerWiseConfigurations().toJson());
        assertTrue(Files.size(dir.resolve(SparkTrainCommand.STATS)) > 0);
        assertTrue(Files.readString(dir.resolve(Provenance.FILE_NAME)).contains("sparkVersion"));
    }

    @Test
    void searchRecordsEveryCandidateAndResumes(@TempDir Path dir) throws Exception {
        String[] args = {"spark", "search", "--master", "local[2]", "--candidates", "3", "--steps", "5", "--train", "24",
            "--validation", "16", "--embedding-dim", "4", "--depth", "2:6", "--width", "1:3", "--out", dir.toString()};
        Result r = run(args);
        assertEquals(0, r.code(), "stderr: " + r.err() + "\nstdout: " + r.out());
        assertTrue(r.out().contains("candidates/minute on local[2]"), r.out());
        List<CandidateRecord> records = SearchResultStore.read(dir.resolve("records"));
        assertEquals(3, records.size());

        Result again = run(args);
        assertEquals(2, again.code(), again.out());
        assertTrue(again.err().contains("already holds a search") && again.err().contains("--resume"), again.err());

        String[] resume = java.util.Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        Result resumed = run(resume);
        assertEquals(0, resumed.code(), "stderr: " + resumed.err());
        assertTrue(resumed.out().contains("(3 already recorded)") && resumed.out().contains("0 candidates trained"),
                resumed.out());
    }
}
