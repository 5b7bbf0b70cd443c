package org.meanode.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FileStatsStorage written by another JVM that has ended shows the same run on the Mean ODE
 * page (every record's iteration and loss, bit for bit); a missing, empty or damaged file gives an
 * error naming the file and the fix instead of an empty dashboard.
 */
class StoredRunTest {

    @Test
    void runWrittenByAnotherJvmShowsTheSameRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.dl4j");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                StoredRunWriter.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "writer JVM did not end");
        assertEquals(0, p.exitValue(), "writer JVM failed:\n" + out);
        Map<Long, Double> written = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].equals("record")) {
                written.put(Long.parseLong(f[1]), Double.longBitsToDouble(Long.parseUnsignedLong(f[2], 16)));
            }
        }
        assertEquals(StoredRunWriter.STEPS / StoredRunWriter.FREQUENCY, written.size(), out);
        assertTrue(out.contains("records " + written.size()), out);

        FileStatsStorage storage = StatsFiles.openExisting(file);
        try (DashboardServer ui = DashboardServer.start(TestRuns.freePort())) {
            ui.attach(storage);
            JsonObject sessions = new JsonObject(TestRuns.get(ui.baseUrl() + "/meanode/api/sessions").body());
            assertEquals(StoredRunWriter.SESSION, sessions.getJsonArray("sessions").getJsonObject(0).getString("id"));
            JsonObject run = new JsonObject(TestRuns.get(ui.baseUrl() + "/meanode/api/session/" + StoredRunWriter.SESSION).body());
            JsonArray ups = run.getJsonArray("updates");
            assertEquals(written.size(), ups.size());
            int i = 0;
            for (Map.Entry<Long, Double> e : written.entrySet()) {
                JsonObject u = ups.getJsonObject(i++);
                assertEquals(e.getKey(), u.getLong("iteration"));
                assertEquals(e.getValue(), u.getDouble("loss"), "loss of iteration " + e.getKey() + " (bit for bit)");
            }
            assertEquals(6, run.getJsonObject("info").getInteger("depth"));
            assertTrue(run.getBoolean("hasStats"), "DL4J's StatsListener records are in the file too");
            assertEquals(200, TestRuns.get(ui.baseUrl() + "/train/meanode").statusCode());
            assertEquals(200, TestRuns.get(ui.baseUrl() + "/train/overview/data").statusCode());
        } finally {
            storage.close();
        }
    }

    @Test
    void missingEmptyOrDamagedFilesAreExplained(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nothing-here.dl4j");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsFiles.openExisting(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
        assertTrue(Files.notExists(missing), "opening must not create the file");

        Path empty = Files.createFile(dir.resolve("empty.dl4j"));
        e = assertThrows(IllegalArgumentException.class, () -> StatsFiles.openExisting(empty));
        assertTrue(e.getMessage().contains("is empty (0 bytes)"), e.getMessage());

        Path garbage = dir.resolve("garbage.dl4j");
        byte[] bytes = new byte[64 * 1024];
        new Random(1).nextBytes(bytes);
        Files.write(garbage, bytes);
        e = assertThrows(IllegalArgumentException.class, () -> StatsFiles.openExisting(garbage));
        assertTrue(e.getMessage().contains(garbage.toString()) && e.getMessage().contains("not a readable DL4J FileStatsStorage"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StatsFiles.openForWriting(garbage));
        assertTrue(e.getMessage().contains("cannot write stats storage file"), e.getMessage());

        Path text = dir.resolve("notes.dl4j");
        Files.writeString(text, "this is not a stats file\n".repeat(100));
        e = assertThrows(IllegalArgumentException.class, () -> StatsFiles.openExisting(text));
        assertTrue(e.getMessage().contains("delete or move it, or pass another file"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> StatsFiles.openExisting(dir));
        assertTrue(e.getMessage().contains("not a readable regular file"), e.getMessage());
    }
}
