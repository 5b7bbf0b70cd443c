package org.meanode.examples.digits;

/**
 * Settings of the {@code tune} command.
 *
 * @param embeddingDim D
 * @param smallDepth   L of the network searched on
 * @param smallWidth   M of the network searched on
 * @param largeDepth   L of the network trained with what was found
 * @param largeWidth   M of that network
 * @param points       candidates per search (grid points over η)
 * @param epochs       epochs per candidate and per final training
 * @param batchSize    mini-batch size
 * @param finalSeeds   seeds of each final training (test accuracy is their mean)
 * @param pluginEtaMin smallest plugin base η searched
 * @param pluginEtaMax largest plugin base η searched
 * @param stockEtaMin  smallest stock global η searched
 * @param stockEtaMax  largest stock global η searched
 * @param stockLarge   also search the stock network directly at the large size
 */
public record TuneSettings(int embeddingDim, int smallDepth, int smallWidth, int largeDepth, int largeWidth, int points,
                           int epochs, int batchSize, int finalSeeds, double pluginEtaMin, double pluginEtaMax,
                           double stockEtaMin, double stockEtaMax, boolean stockLarge) {

    /** Checks the values. */
    public TuneSettings {
        if (points < 2 || epochs < 1 || finalSeeds < 1 || batchSize < 1) {
            throw new IllegalArgumentException("tune: --points must be ≥ 2 and epochs, seeds, batch ≥ 1; got " + points
                    + ", " + epochs + ", " + finalSeeds + ", " + batchSize);
        }
        if (!(pluginEtaMin > 0 && pluginEtaMax > pluginEtaMin && stockEtaMin > 0 && stockEtaMax > stockEtaMin)) {
            throw new IllegalArgumentException("tune: η ranges must satisfy 0 < min < max; got plugin [" + pluginEtaMin + ", "
                    + pluginEtaMax + "], stock [" + stockEtaMin + ", " + stockEtaMax + "]");
        }
    }

    /** @return small L = 4, M = 4; large L = 64, M = 16; 8 candidates per search, η over 2^-2 … 2^5 (stock 2^-10 … 2^0) */
    public static TuneSettings standard() {
        return new TuneSettings(32, 4, 4, 64, 16, 8, 10, 128, 2, 0.25, 32, 1.0 / 1024, 1, true);
    }

    /** @return a tiny run for tests: D = 8, L = 2 → 4, M = 2, 3 candidates, 1 epoch */
    public static TuneSettings quick() {
        return new TuneSettings(8, 2, 2, 4, 2, 3, 1, 256, 1, 0.5, 8, 0.01, 1, false);
    }
}
