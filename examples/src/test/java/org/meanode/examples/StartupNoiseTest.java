package org.meanode.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's standard output holds its results only: with a logger that prints INFO to stdout (as
 * Maven's does under {@code mvn exec:java}), neither ND4J's start-up banner nor DL4J's
 * "Assigning a size of zero" warning appears in it.
 */
class StartupNoiseTest {

    @Test
    void stdoutHasNoBannerUnderAnInfoLoggerOnStdout(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.logFile=System.out", "-cp", System.getProperty("java.class.path"),
                MeanOdeCli.class.getName(), "demo", "--quick", "--depths", "4", "--widths", "1,2", "--steps", "1",
                "--limit-nodes", "64", "--out", dir.resolve("out").toString()))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "demo did not end");
        String out = Files.readString(stdout);
        assertEquals(0, p.exitValue(), out + Files.readString(stderr));
        assertTrue(out.startsWith("meanode demo:"), out);
        assertFalse(out.contains("INFO org.nd4j") || out.contains("Backend build information") || out.contains("HAVE_OPENBLAS"),
                "ND4J's banner on stdout:\n" + out);
        assertFalse(out.contains("Assigning a size of zero"), out);
    }
}
