package org.meanode.examples.digits;

import java.util.List;

/**
 * Settings of the {@code digits} command.
 *
 * @param embeddingDim D
 * @param batchSize    mini-batch size
 * @param epochs       passes over the training part per run
 * @param seeds        network seeds per plugin cell (1 … seeds)
 * @param testFraction fraction of each class held out for testing
 * @param splitSeed    seed of the train/test split
 * @param depths       plugin depths L
 * @param widths       plugin widths M
 * @param pluginEtas   the plugin's base rates η
 * @param baseEta      the one base η at which the seed spread is measured (one of pluginEtas)
 * @param stockDepths  depths of the stock network
 * @param stockWidth   width M of the stock network's blocks
 * @param stockEtas    the stock network's global rates η
 * @param stockSeeds   network seeds per stock cell
 */
public record DigitsSettings(int embeddingDim, int batchSize, int epochs, int seeds, double testFraction, long splitSeed,
                             List<Integer> depths, List<Integer> widths, List<Double> pluginEtas, double baseEta,
                             List<Integer> stockDepths, int stockWidth, List<Double> stockEtas, int stockSeeds) {

    /** Checks the values. */
    public DigitsSettings {
        depths = List.copyOf(depths);
        widths = List.copyOf(widths);
        pluginEtas = List.copyOf(pluginEtas);
        stockDepths = List.copyOf(stockDepths);
        stockEtas = List.copyOf(stockEtas);
        if (!pluginEtas.contains(baseEta)) {
            throw new IllegalArgumentException("digits: base η = " + baseEta + " is not in the plugin's η grid " + pluginEtas
                    + "; choose --base-eta from the grid");
        }
        if (seeds < 2) {
            throw new IllegalArgumentException("digits: --seeds = " + seeds + " is invalid: the seed spread needs ≥ 2");
        }
        if (epochs < 1 || batchSize < 1 || stockSeeds < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException("digits: epochs, batch size, stock seeds and D must be ≥ 1, got " + epochs
                    + ", " + batchSize + ", " + stockSeeds + ", " + embeddingDim);
        }
    }

    /** @return the full settings: L ∈ {4, 16, 64}, M ∈ {4, 16}, η = 2^-1 … 2^4, stock η = 2^-9 … 2^-1 */
    public static DigitsSettings standard() {
        return new DigitsSettings(32, 128, 10, 2, 0.2, 42, List.of(4, 16, 64), List.of(4, 16),
                List.of(0.5, 1.0, 2.0, 4.0, 8.0, 16.0), 2.0, List.of(4, 16, 64), 16,
                List.of(1.0 / 512, 1.0 / 256, 1.0 / 128, 1.0 / 64, 1.0 / 32, 1.0 / 16, 1.0 / 8, 1.0 / 4, 1.0 / 2), 1);
    }

    /** @return a small sweep for tests and a first look (tens of seconds) */
    public static DigitsSettings quick() {
        return new DigitsSettings(8, 256, 1, 2, 0.2, 42, List.of(2, 4), List.of(2), List.of(1.0, 4.0), 1.0,
                List.of(2, 4), 2, List.of(0.01, 0.1), 1);
    }
}
