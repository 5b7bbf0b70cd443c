package org.meanode.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;

/** Runs {@code bench --quick} (the small case, short timing; about 5 s) and checks bench.csv. */
class BenchCommandTest {

    @Test
    void quickBenchWritesCsvWithPositiveRates(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "bench", "--quick", "--out", dir.toString());
        assertEquals(0, code, "exit code; stderr: " + err);

        List<String> lines = Files.readAllLines(dir.resolve(BenchReport.CSV));
        List<String> header = List.of(lines.get(0).split(","));
        int impl = header.indexOf("impl");
        int gflops = header.indexOf("gflops_median");
        // one square SGEMM reference, then fused, stock and block-shape SGEMM for the small case
        assertEquals(1 + 4, lines.size(), String.join("\n", lines));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double rate = Double.parseDouble(f[gflops]);
            assertTrue(rate > 0 && Double.isFinite(rate), "GFLOP/s of " + f[impl] + ": " + rate);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + BenchRow.FUSED + ",")), "fused row");
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + BenchRow.STOCK + ",")), "stock row");
    }

    @Test
    void parsesNamedAndExplicitSizes() {
        assertEquals(BenchCase.LARGE, BenchCase.parse("large"));
        BenchCase c = BenchCase.parse("8x4x6x3");
        assertEquals(12.0 * 8 * 4 * 6 * 3, c.flopsPerStep());
        assertTrue(BenchCase.DEFAULTS.contains(BenchCase.parse(" Small ")));
    }
}
