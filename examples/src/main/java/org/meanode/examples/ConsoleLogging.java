package org.meanode.examples;

import java.util.Arrays;

/**
 * The CLI's log level. By default only warnings and errors reach the terminal (the bundled
 * {@code simplelogger.properties}): DL4J's and ND4J's INFO start-up lines (backend, BLAS vendor,
 * workspaces, threads) are left out. {@code --verbose}, anywhere on the command line, brings them
 * back. It must be applied before the first SLF4J logger is created, which is why the CLI scans
 * its arguments for it before parsing them; a level given with
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=...} wins.
 */
final class ConsoleLogging {
    /** The option that turns INFO logging on. */
    static final String VERBOSE = "--verbose";
    static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    /** DL4J warns about zero-size input types when the limit layer is configured; harmless, quiet unless verbose. */
    static final String INPUT_TYPE_LEVEL = "org.slf4j.simpleLogger.log.org.deeplearning4j.nn.conf.inputs.InputType";

    private ConsoleLogging() {
    }

    /**
     * @param args the command line
     * @return true if INFO logging was switched on (the arguments hold {@value #VERBOSE} and no level
     *         was set as a system property)
     */
    static boolean configure(String... args) {
        boolean verbose = Arrays.stream(args).takeWhile(a -> !a.equals("--")).anyMatch(VERBOSE::equals);
        if (!verbose || System.getProperty(DEFAULT_LEVEL) != null) {
            return false;
        }
        System.setProperty(DEFAULT_LEVEL, "info");
        if (System.getProperty(INPUT_TYPE_LEVEL) == null) {
            System.setProperty(INPUT_TYPE_LEVEL, "info");
        }
        return true;
    }
}
