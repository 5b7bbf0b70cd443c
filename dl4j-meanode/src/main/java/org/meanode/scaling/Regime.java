package org.meanode.scaling;

/**
 * Presets for the phase diagram of MODEL.md ("Regimes"). A preset fixes the residual scale
 * α and the init scales σ_u, σ_v as functions of the embedding width D; an explicit value
 * set on a builder always wins over the preset.
 *
 * <table>
 *   <caption>Preset values</caption>
 *   <tr><th>regime</th><th>α</th><th>σ_u</th><th>σ_v</th></tr>
 *   <tr><td>{@link #COMPLETE}</td><td>1</td><td>√D</td><td>√D</td></tr>
 *   <tr><td>{@link #SEMI_COMPLETE}</td><td>1</td><td>√D</td><td>D^(1/4)</td></tr>
 *   <tr><td>{@link #LAZY}</td><td>{@value #LAZY_ALPHA}</td><td>√D</td><td>√D</td></tr>
 * </table>
 */
public enum Regime {
    /** Complete feature learning (the paper's default): α = 1, σ_u = σ_v = √D. */
    COMPLETE,
    /** Semi-complete: σ_v = D^(1/4) = o(√D), so one step no longer moves features fully. */
    SEMI_COMPLETE,
    /**
     * Lazy: large α with the 1/α² learning-rate rule; relative parameter movement shrinks like
     * 1/α while the output still moves Θ(1).
     */
    LAZY;

    /** The residual scale α used by {@link #LAZY}. */
    public static final double LAZY_ALPHA = 20.0;

    /** @return the residual scale α of this preset */
    public double alpha() {
        return this == LAZY ? LAZY_ALPHA : 1.0;
    }

    /**
     * @param embeddingDim D
     * @return the init std σ_u of the entries of U under this preset (√D for every preset)
     */
    public double sigmaU(long embeddingDim) {
        return Math.sqrt(embeddingDim);
    }

    /**
     * @param embeddingDim D
     * @return the init std σ_v of the entries of V under this preset
     */
    public double sigmaV(long embeddingDim) {
        return this == SEMI_COMPLETE ? Math.pow(embeddingDim, 0.25) : Math.sqrt(embeddingDim);
    }
}
