package org.meanode.ui.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The bundled defaults load, overrides win, and bad values fail with the key, value and fix. */
class UiDefaultsTest {
    @Test
    void bundledDefaults() {
        UiDefaults d = UiDefaults.load(new Properties());
        assertEquals(9000, d.port());
        assertEquals(Path.of("meanode-output/ui-stats.dl4j"), d.storageFile());
        assertEquals(2000, d.refreshMillis());
    }

    @Test
    void overridesWin() {
        Properties p = new Properties();
        p.setProperty(UiDefaults.PORT, "9123");
        p.setProperty(UiDefaults.STORAGE_FILE, "/tmp/x.dl4j");
        p.setProperty(UiDefaults.REFRESH_MILLIS, "500");
        UiDefaults d = UiDefaults.load(p);
        assertEquals(9123, d.port());
        assertEquals(Path.of("/tmp/x.dl4j"), d.storageFile());
        assertEquals(500, d.refreshMillis());
    }

    @Test
    void badValuesNameKeyValueAndFix() {
        Properties p = new Properties();
        p.setProperty(UiDefaults.PORT, "70000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UiDefaults.load(p));
        assertTrue(e.getMessage().contains("meanode.ui.port") && e.getMessage().contains("70000")
                && e.getMessage().contains("-Dmeanode.ui.port="), e.getMessage());
        Properties q = new Properties();
        q.setProperty(UiDefaults.REFRESH_MILLIS, "fast");
        e = assertThrows(IllegalArgumentException.class, () -> UiDefaults.load(q));
        assertTrue(e.getMessage().contains("fast"), e.getMessage());
    }
}
