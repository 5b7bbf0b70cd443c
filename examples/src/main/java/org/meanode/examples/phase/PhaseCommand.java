package org.meanode.examples.phase;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meanode.examples.OutputDirectory;
import org.meanode.examples.PowersOfTwo;
import org.meanode.examples.ProgressLog;
import org.meanode.examples.Provenance;
import org.meanode.examples.demo.LogLogFit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meanode phase}: the phase diagram of MODEL.md, measured. Sweeps α (lazy to complete)
 * against σ_v/√D and against η and maps, after K steps, the relative movement of U, of the hidden
 * states and the loss; fits the large-α slope of the unit movement (predicted −1). Writes
 * {@value PhaseReport#CSV}, {@value #PNG} and {@value Provenance#FILE_NAME}.
 */
@Command(name = "phase", mixinStandardHelpOptions = true,
        description = {"Phase diagram: feature movement and loss after K steps across α × σ_v/√D and α × η.",
            "Defaults: D = 8, L = 16, M = 32, N = 32, K = 8, α = 2^-2 … 2^6, σ_v/√D = 2^-3 … 2^2, η = 2^-3 … 2^2, paired init."})
public final class PhaseCommand implements Callable<Integer> {
    /** The figure's file name. */
    public static final String PNG = "phase.png";

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("meanode-output", "phase");

    @Option(names = "--overwrite", description = "replace results of an earlier run in the output directory")
    private boolean overwrite;

    @Option(names = "--steps", description = "full-batch GD steps K (default: ${DEFAULT-VALUE})")
    private int steps = 8;

    @Option(names = "--depth", description = "L (default: ${DEFAULT-VALUE})")
    private int depth = 16;

    @Option(names = "--width", description = "M (default: ${DEFAULT-VALUE})")
    private int width = 32;

    @Option(names = "--alpha-exponents", paramLabel = "MIN:MAX", description = "α = 2^MIN … 2^MAX (default: ${DEFAULT-VALUE})")
    private String alphaExponents = "-2:6";

    @Option(names = "--init", description = "paired: units (u, v), (u, −v) so that blocks output 0 at step 0 as in the"
            + " mean-field limit; iid: independent units, whose finite-size output at step 0 grows like α·σ_v/√(L·M)"
            + " (default: ${DEFAULT-VALUE})")
    private Init init = Init.paired;

    /** Initialisations of the units. */
    public enum Init { paired, iid }

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        PrintWriter pw = spec.commandLine().getOut();
        PhaseSettings b = PhaseSettings.standard(init == Init.paired);
        List<Double> alphas = PowersOfTwo.parse("--alpha-exponents", alphaExponents, "-2:6");
        PhaseSettings s = new PhaseSettings(b.embeddingDim(), depth, width, b.examples(), steps, alphas, b.sigmaRatios(), b.etas(),
                b.baseEta(), b.seed(), b.pairedInit());
        OutputDirectory.prepare(out, overwrite, "phase", PNG, PhaseReport.CSV);
        pw.printf(Locale.ROOT, "meanode phase: %d cells (α × σ_v/√D: %d x %d, α × η: %d x %d), K = %d, D = %d, L = %d, M = %d,"
                        + " %s init%n", s.alphas().size() * (s.sigmaRatios().size() + s.etas().size()), s.alphas().size(),
                s.sigmaRatios().size(), s.alphas().size(), s.etas().size(), s.steps(), s.embeddingDim(), s.depth(), s.width(), init);
        pw.flush();
        Provenance prov = Provenance.forCommand("phase", spec.commandLine().getParseResult().originalArgs());
        List<PhaseCell> cells = new PhaseExperiment(s).run(ProgressLog.ofLines(pw, s.sigmaRatios().size() + s.etas().size()));
        PhaseReport.print(cells, pw);
        PhaseReport.writeCsv(cells, out);
        PhasePlot.writePng(cells, s, out.resolve(PNG));
        double seconds = (System.nanoTime() - t0) / 1e9;
        prov.put("outputDirectory", out.toAbsolutePath().toString()).put("settings", s.toString());
        LogLogFit fit = PhaseReport.lazySlope(cells);
        if (fit != null) {
            prov.put("lazySlope", fit.slope()).put("lazySlopeStdError", fit.slopeStdError());
        }
        prov.put("wallSeconds", Math.round(seconds * 10) / 10.0).write(out);
        pw.printf(Locale.ROOT, "wrote %s, %s, %s; done in %.1f s%n", out.resolve(PNG), PhaseReport.CSV, Provenance.FILE_NAME, seconds);
        pw.flush();
        return 0;
    }
}
