package org.meanode.examples.transfer;

/** The parametrizations compared by the transfer command. */
public enum Parametrization {
    /**
     * This plugin: residual multiplier α/(L·M) (α = 1), σ_u = σ_v = √D, per-parameter rates of
     * the LearningRateRule (η·L·M·D/2 on U and V under Sgd).
     */
    MEANODE("meanode", "α/(L·M) + rate rule"),
    /**
     * Naive ResNet, residual multiplier 1/√L, standard fan-in init (W_in ~ N(0, 1/D),
     * W_out ~ N(0, 1/M)), one plain Sgd rate η for every weight.
     */
    NAIVE_SQRT("naive-sqrt", "naive, multiplier 1/√L"),
    /** As {@link #NAIVE_SQRT} with residual multiplier 1 (no depth scaling at all). */
    NAIVE_ONE("naive-one", "naive, multiplier 1");

    private final String id;
    private final String label;

    Parametrization(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** @return the short name used in files and options */
    public String id() {
        return id;
    }

    /** @return the name used in plots and tables */
    public String label() {
        return label;
    }

    /**
     * @param depth L
     * @return the naive residual multiplier (1/√L or 1); unused for {@link #MEANODE}
     */
    public double naiveMultiplier(int depth) {
        return this == NAIVE_SQRT ? 1.0 / Math.sqrt(depth) : 1.0;
    }
}
