package org.meanode.examples.rates;

import java.util.List;

/**
 * The limit reference at one embedding width D, with its own error measured two ways.
 *
 * @param embeddingDim      D
 * @param output            mean output of the replicates after K steps, [N, d_out] flattened: the reference
 * @param replicates        the outputs of the independent replicates
 * @param replicateSpread   RMS pairwise distance of the replicates (√2 × one replicate's random error)
 * @param coarseDistance    RMS distance of a coarser reference (fewer steps and nodes) to {@code output}:
 *                          about the coarser one's error, an upper bound for the reference's own
 * @param description       how the reference was computed
 * @param coarseDescription how the coarser check was computed
 * @param lossFinal         MSE of the reference after K steps (mean over replicates)
 * @param seconds           wall time of the replicates and the coarse check
 */
public record ReferenceResult(int embeddingDim, double[] output, List<double[]> replicates, double replicateSpread,
                              double coarseDistance, String description, String coarseDescription, double lossFinal,
                              double seconds) {

    /**
     * @return the random error of the mean of the replicates, replicateSpread / √(2R): what the
     *         reference's randomness adds (in quadrature) to every measured distance
     */
    public double errorOfMean() {
        return replicateSpread / Math.sqrt(2.0 * replicates.size());
    }
}
