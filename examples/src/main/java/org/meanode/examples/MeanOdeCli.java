package org.meanode.examples;

import java.io.PrintWriter;
import org.meanode.examples.bench.BenchCommand;
import org.meanode.examples.cnn.CnnCommand;
import org.meanode.examples.demo.DemoCommand;
import org.meanode.examples.digits.DigitsCommand;
import org.meanode.examples.digits.TuneCommand;
import org.meanode.examples.limit.AccuracyCommand;
import org.meanode.examples.monitor.MonitorCommand;
import org.meanode.examples.phase.PhaseCommand;
import org.meanode.examples.rates.RatesCommand;
import org.meanode.examples.search.SearchCommand;
import org.meanode.examples.spark.SparkCommand;
import org.meanode.examples.transfer.TransferCommand;
import org.meanode.examples.units.UnitsCommand;
import org.meanode.monitor.DivergenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of the examples:
 * {@code meanode [demo|rates|bench|accuracy|units|search|transfer|phase|monitor|digits|tune] [options]}. Without arguments it runs
 * {@code demo}, the convergence demonstration of the README.
 *
 * <pre>
 *   mvn -q -pl examples -am -DskipTests -Pdemo package                          # demo, defaults
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="bench"      # benchmark
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="rates"      # convergence rates
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="accuracy"   # limit layer vs stacks
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="units"      # generic blocks
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="monitor"    # live training UI
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="digits"     # real data: UCI digits
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="tune"       # tune small, train big
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="demo --help"
 * </pre>
 */
@Command(name = "meanode", mixinStandardHelpOptions = true, versionProvider = MeanOdeCli.Version.class,
        description = "Examples of dl4j-meanode: α/(L·M)-scaled ResNets and their Neural Mean ODE limit.",
        subcommands = {DemoCommand.class, RatesCommand.class, BenchCommand.class, AccuracyCommand.class,
            UnitsCommand.class, SearchCommand.class, TransferCommand.class, PhaseCommand.class, MonitorCommand.class,
            SparkCommand.class, DigitsCommand.class, TuneCommand.class, CnnCommand.class,
            CommandLine.HelpCommand.class})
public final class MeanOdeCli {
    /** The subcommand run when no argument is given. */
    public static final String DEFAULT_COMMAND = "demo";

    /** Read by {@link ConsoleLogging} before parsing; declared here so that every command accepts it. */
    @Option(names = ConsoleLogging.VERBOSE, scope = ScopeType.INHERIT,
            description = "show DL4J's and ND4J's INFO log (backend, BLAS, threads, workspaces); off by default")
    private boolean verbose;

    private MeanOdeCli() {
    }

    /**
     * Runs the CLI and exits the JVM only on failure (so that it can run inside Maven's JVM).
     *
     * @param args command-line arguments; none means {@value #DEFAULT_COMMAND}
     */
    public static void main(String[] args) {
        if (!ConsoleLogging.configure(args)) { // --verbose keeps DL4J's and ND4J's INFO lines
            quietStartupLogs();
        }
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * ND4J and DL4J log their start-up banner (backend, BLAS vendor, build flags, workspace modes)
     * at INFO; run through {@code mvn exec:java}, Maven's logger prints INFO to standard output,
     * mixing the banner into the results. The CLI raises those loggers to WARN (real warnings are
     * kept) unless the user set their level: for slf4j-simple and Maven's logger, which read
     * {@code org.slf4j.simpleLogger.log.<name>} when a logger is first created.
     */
    static void quietStartupLogs() {
        for (String name : new String[] {"org.nd4j", "org.deeplearning4j", "org.bytedeco"}) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /**
     * Runs the CLI without exiting: the entry point for tests and embedding.
     *
     * @param out  standard output
     * @param err  error output
     * @param args command-line arguments; none means {@value #DEFAULT_COMMAND}
     * @return the exit code (0 on success)
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // the plots are written to PNG, never shown
        }
        String[] effective = args.length == 0 ? new String[] {DEFAULT_COMMAND} : args;
        CommandLine cli = new CommandLine(new MeanOdeCli());
        cli.setOut(out);
        cli.setErr(err);
        // Invalid settings (IllegalArgumentException with a message naming the fix) are user errors,
        // and a diverging run (DivergenceGuard) is the settings' doing too: print the message, not a stack trace.
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                cmd.getErr().flush();
                return cmd.getCommandSpec().exitCodeOnInvalidInput();
            }
            if (ex instanceof DivergenceException) { // the guard's message names the iteration, the layer and the fix
                cmd.getErr().println("error: " + ex.getMessage());
                cmd.getErr().flush();
                return cmd.getCommandSpec().exitCodeOnExecutionException();
            }
            throw ex;
        });
        return cli.execute(effective);
    }

    /** Reports the project and DL4J versions for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dl4j-meanode examples " + Provenance.projectVersion(),
                    "Deeplearning4j " + Provenance.dl4jVersion() + ", ND4J backend " + Provenance.nd4jBackendArtifact()};
        }
    }
}
