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

/** Runs {@code bench --conv --quick} on a tiny case and checks bench-conv.csv; a malformed case is rejected. */
class ConvBenchTest {

    @Test
    void quickConvBenchWritesBothRows(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "bench", "--conv", "--quick", "--conv-case",
                "4x6x3x2x4x8", "--out", dir.toString());
        assertEquals(0, code, "exit code; stderr: " + err);
        List<String> lines = Files.readAllLines(dir.resolve(ConvBench.CSV));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).contains(",conv-stack,") && lines.get(2).contains(",stock-dl4j,"), String.join("\n", lines));
        for (String line : lines.subList(1, 3)) {
            double rate = Double.parseDouble(line.split(",")[5]);
            assertTrue(rate > 0 && Double.isFinite(rate), line);
        }
        assertTrue(out.toString().contains("speed-up plugin vs stock"), out.toString());
    }

    @Test
    void malformedCaseIsRejected(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "bench", "--conv", "--quick", "--conv-case",
                "4x6x3", "--out", dir.toString());
        assertTrue(code != 0, "exit code");
        assertTrue((out + " " + err).contains("CxHxKxLxMxN"), out + " " + err);
    }
}
