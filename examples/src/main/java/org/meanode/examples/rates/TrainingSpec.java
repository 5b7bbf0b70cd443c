package org.meanode.examples.rates;

/**
 * How every network of a rate experiment is trained: K full-batch GD steps at base rate η
 * (plain Sgd with the layers' rate rule, i.e. MODEL.md's reference step), residual scale α,
 * σ_u = σ_v = √D, tanh, float64, frozen embedding and readout.
 *
 * @param steps        K ≥ 1
 * @param learningRate η &gt; 0
 * @param alpha        α &gt; 0 (1 is MODEL.md's complete regime)
 */
public record TrainingSpec(int steps, double learningRate, double alpha) {

    /**
     * @param steps        K ≥ 1
     * @param learningRate η &gt; 0, finite
     * @param alpha        α &gt; 0, finite
     */
    public TrainingSpec {
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + " must be ≥ 1 (pass --steps 15 for the paper's K)");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate = " + learningRate + " must be finite and > 0");
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha = " + alpha + " must be finite and > 0 (1 is the complete regime)");
        }
    }
}
