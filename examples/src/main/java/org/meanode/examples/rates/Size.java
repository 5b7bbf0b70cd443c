package org.meanode.examples.rates;

/**
 * One network size of the rate experiments.
 *
 * @param depth        L, residual blocks
 * @param width        M, hidden units per block
 * @param embeddingDim D, width of the residual stream
 */
public record Size(int depth, int width, int embeddingDim) {

    /**
     * @param depth        L ≥ 1
     * @param width        M ≥ 1
     * @param embeddingDim D ≥ 1
     */
    public Size {
        if (depth < 1 || width < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("a size needs L, M, D ≥ 1, got L = " + depth + ", M = " + width + ", D = "
                    + embeddingDim);
        }
    }

    /** @return L·M, the effective width of the sampling term */
    public long depthTimesWidth() {
        return (long) depth * width;
    }

    /** @return P = L·M·D, the size axis of sweep (d) (each block holds 2·M·D weights) */
    public long params() {
        return (long) depth * width * embeddingDim;
    }

    @Override
    public String toString() {
        return "L=" + depth + ",M=" + width + ",D=" + embeddingDim;
    }
}
