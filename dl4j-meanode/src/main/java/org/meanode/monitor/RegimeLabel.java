package org.meanode.monitor;

import java.util.Locale;
import org.meanode.scaling.Regime;

/**
 * Names the regime of a run from its (α, σ_u, σ_v, D): the {@link Regime} preset whose values
 * it has (relative tolerance 1e-9), otherwise a description with α and σ_v/√D, the two numbers
 * that place a run on the phase diagram of MODEL.md.
 */
final class RegimeLabel {
    private static final double TOL = 1e-9;

    private RegimeLabel() {
    }

    /**
     * @param alpha  α
     * @param sigmaU σ_u
     * @param sigmaV σ_v
     * @param d      D
     * @return "COMPLETE", "SEMI_COMPLETE", "LAZY", or "custom (α = …, σ_u/√D = …, σ_v/√D = …)"
     */
    static String of(double alpha, double sigmaU, double sigmaV, long d) {
        return of(alpha, sigmaU, sigmaV, d, d);
    }

    /**
     * The regime of a unit whose blocks u and v have their own sizes: the presets' σ_u and σ_v are
     * taken at the rows of u and of v (for a ConvUnit F = C·k² and C, its defaults √F and √C being
     * the complete regime; for the 2LP unit both are D).
     *
     * @param alpha  α
     * @param sigmaU σ_u
     * @param sigmaV σ_v
     * @param du     rows of u
     * @param dv     rows of v
     * @return a preset's name, or "custom (α = …, σ_u/√D = …, σ_v/√D = …)" (with du ≠ dv:
     *         "σ_u/√du = …, σ_v/√dv = …", the sizes written out)
     */
    static String of(double alpha, double sigmaU, double sigmaV, long du, long dv) {
        for (Regime r : Regime.values()) {
            if (close(alpha, r.alpha()) && close(sigmaU, r.sigmaU(du)) && close(sigmaV, r.sigmaV(dv))) {
                return r.name();
            }
        }
        if (du == dv) {
            double root = Math.sqrt(du);
            return String.format(Locale.ROOT, "custom (α = %.4g, σ_u/√D = %.4g, σ_v/√D = %.4g)", alpha, sigmaU / root,
                    sigmaV / root);
        }
        return String.format(Locale.ROOT, "custom (α = %.4g, σ_u/√%d = %.4g, σ_v/√%d = %.4g)", alpha, du,
                sigmaU / Math.sqrt(du), dv, sigmaV / Math.sqrt(dv));
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOL * Math.max(Math.abs(a), Math.abs(b));
    }
}
