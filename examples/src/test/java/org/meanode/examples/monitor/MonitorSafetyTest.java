package org.meanode.examples.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;
import org.meanode.ui.dashboard.StatsFiles;

/**
 * {@code monitor} fails and ends cleanly: a port in use is one line with the fix (no stack trace),
 * a bad --bind is named, and SIGTERM while it trains closes the storage file in a shutdown hook
 * (no MapDB exception, and the file reads back with the records written so far).
 */
class MonitorSafetyTest {

    @Test
    void portInUseIsOneLineWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            int code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "monitor",
                    "--in-memory", "--seconds", "0", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, code, err.toString());
            String e = err.toString();
            assertTrue(e.startsWith("error: cannot start the DL4J UI server on 127.0.0.1:" + taken.getLocalPort()), e);
            assertTrue(e.contains("--port"), e);
            assertFalse(e.contains("\tat ") || e.contains("Exception:"), "no stack trace: " + e);
            assertEquals(1, e.strip().lines().count(), e);
        }
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "monitor",
                "--in-memory", "--seconds", "0", "--bind", "203.0.113.77");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--bind = '203.0.113.77' is not an address of this machine"), err.toString());
    }

    @Test
    void divergingRunStopsWithOneLineNamingIterationAndLayer() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int code = MeanOdeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "monitor", "--in-memory",
                "--port", String.valueOf(port), "--seconds", "300", "--depth", "3", "--width", "2", "--dim", "6", "--examples", "16", "--lr", "1e6",
                "--iterations", "200");
        assertEquals(1, code, out + "\n" + err);
        String e = err.toString();
        assertTrue(e.startsWith("error: diverged: training loss") && e.contains(" at iteration ") && e.contains("of layer"), e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
    }

    @Test
    void sigtermWhileTrainingClosesTheStorageCleanly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.dl4j");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("monitor.log");
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                MeanOdeCli.class.getName(), "monitor", "--depth", "4", "--width", "3", "--dim", "6", "--examples", "16",
                "--iterations", "1000000", "--frequency", "5", "--port", String.valueOf(port), "--storage", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline && p.isAlive() && !Files.readString(log).contains("training session")) {
            Thread.sleep(100);
        }
        Thread.sleep(3000); // let it train and write records for a while
        assertTrue(p.isAlive(), "monitor ended early:\n" + Files.readString(log));
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "monitor did not end on SIGTERM:\n" + Files.readString(log));
        String printed = Files.readString(log);
        assertFalse(printed.contains("Exception") || printed.contains("\tat "), "no exception on SIGTERM:\n" + printed);
        assertTrue(printed.contains("stopped by a signal"), printed);
        assertTrue(Files.size(file) > 0);
        FileStatsStorage stored = StatsFiles.openExisting(file);
        try {
            assertEquals(1, stored.listSessionIDs().size(), printed);
        } finally {
            stored.close();
        }
    }
}
