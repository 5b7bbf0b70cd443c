package org.meanode.examples.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;

/**
 * {@code monitor}: trains a small network, serves the Mean ODE page while it runs (its JSON shows
 * the session, DL4J's overview data responds), stops after --seconds, and leaves a storage file
 * that {@code monitor --replay} serves again; a missing or damaged replay file is a clear error
 * (exit code 2), not an empty dashboard.
 */
class MonitorCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String waitForSession(String base, String mustContain) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<String> r = get(base + "/meanode/api/sessions");
                last = r.body();
                if (r.statusCode() == 200 && last.contains(mustContain)) {
                    return last;
                }
            } catch (java.io.IOException notUpYet) {
                last = notUpYet.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no session containing " + mustContain + " appeared: " + last);
    }

    @Test
    void trainsServesAndReplays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("runs.dl4j");
        int port = freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> MeanOdeCli.run(new PrintWriter(out, true),
                new PrintWriter(err, true), "monitor", "--depth", "4", "--width", "3", "--dim", "6", "--examples", "16",
                "--iterations", "30", "--frequency", "5", "--port", String.valueOf(port), "--storage", file.toString(),
                "--refresh-ms", "500", "--seconds", "12"));
        String base = "http://localhost:" + port;
        String sessions = waitForSession(base, "\"records\":6");
        assertTrue(sessions.contains("monitor-") && sessions.contains("\"depth\":4"), sessions);
        assertEquals(200, get(base + "/train/meanode?refresh=500").statusCode());
        assertEquals(200, get(base + "/train/overview/data").statusCode());
        assertEquals(0, run.get(60, TimeUnit.SECONDS), "exit code; stderr: " + err);
        String printed = out.toString();
        assertTrue(printed.contains("Mean ODE page: " + base + "/train/meanode?refresh=500"), printed);
        assertTrue(printed.contains("iteration 30/30") && printed.contains("6 movement records"), printed);
        assertTrue(Files.size(file) > 0);

        StringWriter out2 = new StringWriter();
        int port2 = freePort();
        CompletableFuture<Integer> replay = CompletableFuture.supplyAsync(() -> MeanOdeCli.run(new PrintWriter(out2, true),
                new PrintWriter(new StringWriter(), true), "monitor", "--replay", file.toString(), "--port",
                String.valueOf(port2), "--seconds", "4"));
        waitForSession("http://localhost:" + port2, "\"records\":6");
        assertEquals(0, replay.get(60, TimeUnit.SECONDS));
        assertTrue(out2.toString().contains("replaying 1 session(s)"), out2.toString());
    }

    @Test
    void missingOrDamagedReplayFileIsAClearError(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("none.dl4j");
        int code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "monitor", "--replay",
                missing.toString(), "--seconds", "0");
        assertEquals(2, code);
        assertTrue(err.toString().contains("does not exist"), err.toString());

        Path damaged = dir.resolve("damaged.dl4j");
        Files.writeString(damaged, "not a MapDB file ".repeat(500));
        StringWriter err2 = new StringWriter();
        code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err2, true), "monitor", "--replay",
                damaged.toString(), "--seconds", "0");
        assertEquals(2, code);
        assertTrue(err2.toString().contains("not a readable DL4J FileStatsStorage"), err2.toString());

        StringWriter err3 = new StringWriter();
        code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err3, true), "monitor", "--frequency", "0",
                "--seconds", "0", "--in-memory");
        assertEquals(2, code);
        assertTrue(err3.toString().contains("--frequency = 0 is invalid"), err3.toString());
    }
}
