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

/**
 * Runs {@code bench --listener-overhead --quick} (small case, two rounds) and checks its CSV:
 * positive step times, a finite ratio, the listener's default frequency and a positive time per
 * record. The overhead figure itself is a benchmark result, not asserted here.
 */
class ListenerOverheadTest {

    @Test
    void quickRunWritesTheCsv(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "bench", "--listener-overhead", "--quick",
                "--out", dir.toString());
        assertEquals(0, code, "exit code; stderr: " + err);
        assertTrue(out.toString().contains("ratio with/without"), out.toString());
        List<String> lines = Files.readAllLines(dir.resolve(ListenerOverhead.CSV));
        assertEquals(2, lines.size(), String.join("\n", lines));
        List<String> header = List.of(lines.get(0).split(","));
        String[] row = lines.get(1).split(",");
        assertEquals("small", row[header.indexOf("case")]);
        assertEquals("10", row[header.indexOf("frequency")]);
        for (String col : new String[] {"ms_per_step_without", "ms_per_step_with", "ratio", "listener_ms_per_record"}) {
            double v = Double.parseDouble(row[header.indexOf(col)]);
            assertTrue(v > 0 && Double.isFinite(v), col + " = " + v);
        }
        assertTrue(Files.exists(dir.resolve("provenance.json")));
    }
}
