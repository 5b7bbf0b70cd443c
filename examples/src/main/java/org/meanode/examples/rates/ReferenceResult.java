package org.meanode.examples.rates;

import java.util.List;

/**
 * The limit reference at one embedding width D, with its own error measured three ways.
 *
 * @param embeddingDim        D
 * @param output              mean output of the replicates after K steps, [N, d_out] flattened: the reference
 * @param replicates          the outputs of the R independent replicates
 * @param replicateSpread     RMS pairwise distance of the replicates (√2 × one replicate's random error)
 * @param quadratureCheck     RMS distance to {@code output} of a reference with a quarter of the nodes:
 *                            about that coarser reference's error, more than one replicate's own
 * @param discretisationCheck RMS distance between that coarser reference and the same one (same
 *                            nodes) with twice the solver steps: the error of the reference's
 *                            depth-time discretisation, which replicates cannot see
 * @param description         how the reference was computed
 * @param lossFinal           MSE of the reference after K steps (mean over replicates)
 * @param replicateSeconds    wall time of the replicates (the reference itself)
 * @param replicateCpuSeconds CPU time of the process (all threads) during the replicates
 * @param seconds             wall time of the replicates and the checks
 */
public record ReferenceResult(int embeddingDim, double[] output, List<double[]> replicates, double replicateSpread,
                              double quadratureCheck, double discretisationCheck, String description, double lossFinal,
                              double replicateSeconds, double replicateCpuSeconds, double seconds) {

    /**
     * @return the random error of the mean of the replicates, replicateSpread / √(2R): what the
     *         reference's randomness adds in quadrature to every measured distance
     */
    public double errorOfMean() {
        return replicateSpread / Math.sqrt(2.0 * replicates.size());
    }

    /** @return √(errorOfMean² + discretisationCheck²): the reference's estimated own error */
    public double error() {
        return Math.hypot(errorOfMean(), discretisationCheck);
    }
}
