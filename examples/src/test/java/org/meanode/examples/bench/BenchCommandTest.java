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

/** Runs {@code bench --quick} (the small case, every implementation, short timing; about 8 s) and checks bench.csv. */
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
        // header, one square SGEMM reference, then fused, fused bias unit, fused gated unit, checkpoint, nd4j-ops,
        // limit, stock and block-shape SGEMM
        assertEquals(1 + 1 + 8, lines.size(), String.join("\n", lines));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double rate = Double.parseDouble(f[gflops]);
            assertTrue(rate > 0 && Double.isFinite(rate), "GFLOP/s of " + f[impl] + ": " + rate);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + BenchRow.FUSED + ",")), "fused row");
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + BenchRow.STOCK + ",")), "stock row");
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + BenchRow.LIMIT + ",")), "limit row");
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + BenchRow.FUSED_BIAS + ",")), "bias unit row");
        assertTrue(lines.stream().anyMatch(l -> l.contains("," + BenchRow.FUSED_GATED + ",")), "gated unit row");
        int stackBytes = header.indexOf("stack_bytes");
        long plain = stackBytes(lines, BenchRow.FUSED, stackBytes);
        long checkpointed = stackBytes(lines, BenchRow.FUSED_CHECKPOINT, stackBytes);
        assertTrue(checkpointed > 0 && checkpointed < plain, "checkpointing keeps less: " + checkpointed + " vs " + plain);
        assertTrue(out.toString().contains("small : "), "targets section: " + out);
    }

    private static long stackBytes(List<String> lines, String impl, int column) {
        return lines.stream().filter(l -> l.contains("," + impl + ",")).mapToLong(l -> Long.parseLong(l.split(",")[column]))
                .findFirst().orElseThrow();
    }

    @Test
    void unknownImplementationIsRejected(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "bench", "--quick", "--impls", "fast",
                "--out", dir.toString());
        assertTrue(code != 0, "exit code");
        assertTrue(err.toString().contains("'fast'") && err.toString().contains("nd4j-ops"), err.toString());
    }

    @Test
    void parsesNamedAndExplicitSizes() {
        assertEquals(BenchCase.LARGE, BenchCase.parse("large"));
        BenchCase c = BenchCase.parse("8x4x6x3");
        assertEquals(12.0 * 8 * 4 * 6 * 3, c.flopsPerStep());
        assertTrue(BenchCase.DEFAULTS.contains(BenchCase.parse(" Small ")));
    }
}
