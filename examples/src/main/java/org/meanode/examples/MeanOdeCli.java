package org.meanode.examples;

import java.io.PrintWriter;
import org.meanode.examples.bench.BenchCommand;
import org.meanode.examples.cnn.CnnCommand;
import org.meanode.examples.demo.DemoCommand;
import org.meanode.examples.limit.AccuracyCommand;
import org.meanode.examples.monitor.MonitorCommand;
import org.meanode.examples.phase.PhaseCommand;
import org.meanode.examples.rates.RatesCommand;
import org.meanode.examples.search.SearchCommand;
import org.meanode.examples.spark.SparkCommand;
import org.meanode.examples.transfer.TransferCommand;
import org.meanode.examples.units.UnitsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the examples:
 * {@code meanode [demo|rates|bench|accuracy|units|search|transfer|phase|monitor] [options]}. Without arguments it runs
 * {@code demo}, the convergence demonstration of the README.
 *
 * <pre>
 *   mvn -q -pl examples -am -DskipTests -Pdemo package                          # demo, defaults
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="bench"      # benchmark
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="rates"      # convergence rates
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="accuracy"   # limit layer vs stacks
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="units"      # generic blocks
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="monitor"    # live training UI
 *   mvn -q -pl examples -am -DskipTests -Pdemo package -Dexec.args="demo --help"
 * </pre>
 */
@Command(name = "meanode", mixinStandardHelpOptions = true, versionProvider = MeanOdeCli.Version.class,
        description = "Examples of dl4j-meanode: α/(L·M)-scaled ResNets and their Neural Mean ODE limit.",
        subcommands = {DemoCommand.class, RatesCommand.class, BenchCommand.class, AccuracyCommand.class,
            UnitsCommand.class, SearchCommand.class, TransferCommand.class, PhaseCommand.class, MonitorCommand.class,
            SparkCommand.class, CnnCommand.class,
            CommandLine.HelpCommand.class})
public final class MeanOdeCli {
    /** The subcommand run when no argument is given. */
    public static final String DEFAULT_COMMAND = "demo";

    private MeanOdeCli() {
    }

    /**
     * Runs the CLI and exits the JVM only on failure (so that it can run inside Maven's JVM).
     *
     * @param args command-line arguments; none means {@value #DEFAULT_COMMAND}
     */
    public static void main(String[] args) {
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (code != 0) {
            System.exit(code);
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
        // Invalid settings (IllegalArgumentException with a message naming the fix) are user errors:
        // print the message, not a stack trace.
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                cmd.getErr().flush();
                return cmd.getCommandSpec().exitCodeOnInvalidInput();
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
