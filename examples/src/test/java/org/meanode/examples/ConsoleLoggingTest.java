package org.meanode.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --verbose switches SLF4J's INFO level on; without it the bundled configuration keeps DL4J quiet. */
class ConsoleLoggingTest {
    private String savedDefault;
    private String savedInputType;

    @BeforeEach
    void save() {
        savedDefault = System.clearProperty(ConsoleLogging.DEFAULT_LEVEL);
        savedInputType = System.clearProperty(ConsoleLogging.INPUT_TYPE_LEVEL);
    }

    @AfterEach
    void restore() {
        System.clearProperty(ConsoleLogging.DEFAULT_LEVEL);
        System.clearProperty(ConsoleLogging.INPUT_TYPE_LEVEL);
        if (savedDefault != null) {
            System.setProperty(ConsoleLogging.DEFAULT_LEVEL, savedDefault);
        }
        if (savedInputType != null) {
            System.setProperty(ConsoleLogging.INPUT_TYPE_LEVEL, savedInputType);
        }
    }

    @Test
    void verboseAnywhereBeforeDoubleDashTurnsInfoOn() {
        assertTrue(ConsoleLogging.configure("rates", "--quick", "--verbose"));
        assertEquals("info", System.getProperty(ConsoleLogging.DEFAULT_LEVEL));
        assertEquals("info", System.getProperty(ConsoleLogging.INPUT_TYPE_LEVEL));
    }

    @Test
    void withoutVerboseNothingChanges() {
        assertFalse(ConsoleLogging.configure("rates", "--quick"));
        assertFalse(ConsoleLogging.configure("demo", "--", "--verbose"));
        assertNull(System.getProperty(ConsoleLogging.DEFAULT_LEVEL));
    }

    @Test
    void anExplicitLevelWins() {
        System.setProperty(ConsoleLogging.DEFAULT_LEVEL, "debug");
        assertFalse(ConsoleLogging.configure("--verbose"));
        assertEquals("debug", System.getProperty(ConsoleLogging.DEFAULT_LEVEL));
    }

    @Test
    void bundledConfigurationShowsWarningsOnly() throws Exception {
        Properties p = new Properties();
        try (var in = ConsoleLoggingTest.class.getResourceAsStream("/simplelogger.properties")) {
            p.load(in);
        }
        assertEquals("warn", p.getProperty(ConsoleLogging.DEFAULT_LEVEL));
        assertEquals("error", p.getProperty(ConsoleLogging.INPUT_TYPE_LEVEL));
    }

    @Test
    void everyCommandAcceptsVerbose() {
        java.io.StringWriter out = new java.io.StringWriter();
        int code = MeanOdeCli.run(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
                "help", "--verbose");
        assertEquals(0, code);
        assertTrue(out.toString().contains("--verbose"), out.toString());
    }
}
