package org.meanode.examples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.SearchResultStore;
import org.meanode.examples.MeanOdeCli;

/**
 * {@code tune --quick} end to end (D = 8, search at L = 2, M = 2, train at L = 4, M = 2, three
 * candidates per search, one epoch): the three searches (plugin small, plugin large, stock small)
 * record every candidate with its η, each finds an η and the large network trained with it is
 * scored on the test part; run again on the same directory, every candidate comes from the saved
 * records and the results are the same.
 */
class TuneCommandTest {

    @Test
    @Tag("slow")
    void searchesRecordEveryCandidateAndASecondRunResumesFromTheRecords(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "tune", "--quick", "--out", dir.toString());
        assertEquals(0, code, "stderr: " + err + "\nstdout: " + out);
        List<String> first = Files.readAllLines(dir.resolve(TuneCommand.CSV));
        assertEquals(1 + 3, first.size(), String.join("\n", first));
        for (String search : new String[] {"plugin-small", "plugin-large", "stock-small"}) {
            List<CandidateRecord> recs = SearchResultStore.read(dir.resolve("records").resolve(search));
            assertEquals(3, recs.size(), search);
            for (CandidateRecord r : recs) {
                assertTrue(r.hyperparameters().get("eta") instanceof Number, search + ": " + r.hyperparameters());
            }
        }
        for (String line : first.subList(1, first.size())) {
            String[] f = line.split(",");
            double acc = Double.parseDouble(f[9]);
            assertTrue(acc > 0.15, line + ": the large network must beat chance (10%)");
            assertTrue(Double.parseDouble(f[7]) > 0, line + ": candidate-seconds");
        }
        StringWriter again = new StringWriter();
        code = MeanOdeCli.run(new PrintWriter(again), new PrintWriter(err), "tune", "--quick", "--out", dir.toString());
        assertEquals(0, code, "stderr: " + err);
        assertEquals(3, again.toString().split("3 candidates taken from the saved records", -1).length - 1, again.toString());
        List<String> second = Files.readAllLines(dir.resolve(TuneCommand.CSV));
        for (int i = 1; i < first.size(); i++) {
            String[] a = first.get(i).split(",");
            String[] b = second.get(i).split(",");
            assertEquals(a[8], b[8], "same best η after resuming");
            assertEquals(a[7], b[7], "the compute is that of the recorded candidates");
            assertEquals("3", b[6], "resumed count");
        }
    }
}
