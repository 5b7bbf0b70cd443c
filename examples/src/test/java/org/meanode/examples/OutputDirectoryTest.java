package org.meanode.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command treats --out like {@code search}: finished results are not replaced without
 * --overwrite, and a file or an unwritable place is one line with the fix (exit code 2), never a
 * stack trace.
 */
class OutputDirectoryTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void ratesTwiceIntoTheSameOutRefusesWithoutOverwrite(@TempDir Path dir) throws Exception {
        String[] rates = {"rates", "--quick", "--sweeps", "a", "--seeds", "2", "--ref-nodes", "64", "--out", dir.toString()};
        String[] first = run(rates);
        assertEquals("0", first[0], first[2]);
        Path csv = dir.resolve("rates.csv");
        String written = Files.readString(csv);
        Files.writeString(csv, written + "# a finished result\n");

        String[] second = run(rates);
        assertEquals("2", second[0], second[1] + second[2]);
        assertTrue(second[2].startsWith("error: --out " + dir + " already holds results of `rates` (rates.csv"), second[2]);
        assertTrue(second[2].contains("--overwrite"), second[2]);
        assertTrue(Files.readString(csv).endsWith("# a finished result\n"), "the finished result must be kept");

        String[] again = run(concat(rates, "--overwrite"));
        assertEquals("0", again[0], again[2]);
        assertFalse(Files.readString(csv).contains("# a finished result"));
    }

    @Test
    void outOnAFileOrAnUnwritablePlaceIsOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file.txt"), "x");
        for (String cmd : new String[] {"demo", "rates", "units", "accuracy", "bench", "phase", "transfer", "search"}) {
            String[] r = cmd.equals("phase") || cmd.equals("search") ? run(cmd, "--out", file.toString())
                    : run(cmd, "--quick", "--out", file.toString());
            assertEquals("2", r[0], cmd + ": " + r[2]);
            assertTrue(r[2].startsWith("error: --out " + file + " is a file, not a directory"), cmd + ": " + r[2]);
            assertFalse(r[2].contains("\tat "), cmd + ": no stack trace: " + r[2]);
        }
        for (String sub : new String[] {"train", "search"}) {
            String[] r = run("spark", sub, "--out", file.toString());
            assertEquals("2", r[0], "spark " + sub + ": " + r[2]);
            assertTrue(r[2].startsWith("error: --out " + file + " is a file, not a directory"), "spark " + sub + ": " + r[2]);
        }
        String[] under = run("demo", "--quick", "--out", file.resolve("sub").toString());
        assertEquals("2", under[0], under[2]);
        assertTrue(under[2].contains("cannot be created") && under[2].contains("Not a directory"), under[2]);

        // a place nobody can create a directory in (even root): /proc
        String[] r = run("demo", "--quick", "--out", "/proc/meanode-output-test");
        assertEquals("2", r[0], r[2]);
        assertTrue(r[2].contains("cannot be created") && r[2].contains("pass a directory you can write to"), r[2]);
        assertFalse(r[2].contains("\tat "), r[2]);
    }

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
