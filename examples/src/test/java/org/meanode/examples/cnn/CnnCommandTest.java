package org.meanode.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;
import org.meanode.examples.Provenance;

/**
 * Runs {@code cnn} end to end at tiny settings (C = 2, sizes 1x1 and 1x2, 2 seeds, 1 epoch at
 * η = 0.1, readout rate 0.1, sweep at L = 1 over two rates) and checks its files: the rows each part must write, the
 * networks learn (test accuracy well above the 10% of chance: at least 40% in the sizes part, 25% at
 * the best rate of each model in the sweep; measured 70–79% and 41%), a positive seed spread, the provenance,
 * progress with elapsed time, results kept without --overwrite, and bad --sizes / --pooling values
 * refused with a message naming the option.
 */
class CnnCommandTest {

    private static final String[] TINY = {"cnn", "--channels", "2", "--sizes", "1x1,1x2", "--seeds", "2", "--epochs",
        "1", "--eta", "0.1", "--readout-eta", "0.1", "--etas", "0.03,0.1", "--sweep-depths", "1", "--sweep-width", "2"};

    private static int run(StringWriter out, StringWriter err, Path dir, String... extra) {
        String[] args = new String[TINY.length + 2 + extra.length];
        System.arraycopy(TINY, 0, args, 0, TINY.length);
        args[TINY.length] = "--out";
        args[TINY.length + 1] = dir.toString();
        System.arraycopy(extra, 0, args, TINY.length + 2, extra.length);
        return MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void tinyRunWritesBothTablesWithFiniteAccuracies(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, dir), "exit code; stderr: " + err);

        List<String> sizes = Files.readAllLines(dir.resolve(CnnCommand.SIZES_CSV));
        assertEquals(1 + 2 * 2, sizes.size(), "header + 2 sizes x 2 seeds: " + sizes);
        assertEquals("depth,width,depth_times_width,eta,seed,test_accuracy,seed_spread,accuracy_std", sizes.get(0));
        for (String row : sizes.subList(1, sizes.size())) {
            String[] f = row.split(",");
            double acc = Double.parseDouble(f[5]);
            double spread = Double.parseDouble(f[6]);
            double accStd = Double.parseDouble(f[7]);
            assertTrue(acc >= 0.4 && acc <= 1, "learns: accuracy at least 4x chance after 1 epoch: " + row);
            assertTrue(spread > 0 && Double.isFinite(spread), "seeds differ, so the spread is positive: " + row);
            assertTrue(accStd >= 0 && accStd < 0.5, "accuracy std between seeds: " + row);
        }
        assertEquals("1,2,2", sizes.get(3).substring(0, 5), "second size L = 1, M = 2: " + sizes.get(3));

        List<String> trace = Files.readAllLines(dir.resolve(CnnCommand.SPREAD_CSV));
        assertEquals(List.of("depth,width,depth_times_width,epoch,seed_spread,mean_test_accuracy"), trace.subList(0, 1));
        assertEquals(1 + 2 * 2, trace.size(), "header + 2 sizes x (initialisation + 1 epoch): " + trace);
        assertTrue(trace.get(1).startsWith("1,1,1,0,") && trace.get(4).startsWith("1,2,2,1,"), trace.toString());
        for (String row : trace.subList(1, trace.size())) {
            double spread = Double.parseDouble(row.split(",")[4]);
            assertTrue(spread > 0 && Double.isFinite(spread), "seeds differ from the initialisation on: " + row);
        }
        double meanLast = (Double.parseDouble(sizes.get(3).split(",")[5]) + Double.parseDouble(sizes.get(4).split(",")[5])) / 2;
        assertEquals(meanLast, Double.parseDouble(trace.get(4).split(",")[5]), 2e-4, "last epoch = the sizes table: " + trace);

        List<String> sweep = Files.readAllLines(dir.resolve(CnnCommand.SWEEP_CSV));
        assertEquals(1 + 2 * 2, sweep.size(), "header + 2 models x 2 rates: " + sweep);
        assertEquals("model,depth,width,eta,test_accuracy,diverged", sweep.get(0));
        for (String model : List.of("scaled", "stock")) {
            List<String> rows = sweep.stream().filter(l -> l.startsWith(model + ",1,2,")).toList();
            assertEquals(2, rows.size(), model + ": " + sweep);
            double best = 0;
            for (String row : rows) {
                String[] f = row.split(",");
                double acc = Double.parseDouble(f[4]);
                assertTrue(Double.isFinite(acc) && acc >= 0 && acc <= 1, "small rates do not diverge: " + row);
                assertEquals("false", f[5], row);
                best = Math.max(best, acc);
            }
            assertTrue(best >= 0.25, model + " learns at its best rate (2.5x chance): " + rows);
        }
        String prov = Files.readString(dir.resolve(Provenance.FILE_NAME));
        assertTrue(prov.contains("bestEta.scaled.L1") && prov.contains("bestEta.stock.L1"), prov);
        assertTrue(out.toString().contains("elapsed"), "progress with elapsed time: " + out);

        StringWriter err2 = new StringWriter();
        assertNotEquals(0, run(new StringWriter(), err2, dir), "earlier results are kept without --overwrite");
        assertTrue(err2.toString().contains("--overwrite"), err2.toString());
    }

    @Test
    void refusesBadSizesNamingTheOption(@TempDir Path dir) {
        for (String bad : List.of("2x", "0x4", "axb", "3")) {
            StringWriter err = new StringWriter();
            String[] args = {"cnn", "--sizes", bad, "--out", dir.toString()};
            int code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
            assertNotEquals(0, code, "--sizes " + bad + " must fail");
            assertTrue(err.toString().contains("--sizes") && err.toString().contains(bad), "names the option: " + err);
            assertFalse(Files.exists(dir.resolve(CnnCommand.SIZES_CSV)), "nothing written");
        }
        StringWriter err = new StringWriter();
        String[] args = {"cnn", "--pooling", "MAX", "--out", dir.toString()};
        assertNotEquals(0, MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args));
        assertTrue(err.toString().contains("--pooling") && err.toString().contains("AVG2"), "names the option and values: " + err);
    }
}
