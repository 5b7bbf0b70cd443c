package org.meanode.predict;

/**
 * The form of the error bound, d ≈ c₁·(1/L) + c₂·s(L, M, D, α), by kind of residual block
 * (MODEL.md, "Error of the finite ResNet to its limit"):
 * <ul>
 *   <li>{@link #TWO_LAYER_PERCEPTRON}: 2LP blocks with σ_v = √D, sampling term s = α·√D/√(L·M)
 *       (the paper's O(1/L + √D/√(L·M)) at α = 1);</li>
 *   <li>{@link #GENERIC}: generic blocks φ(h, Z) of Theorem 1, sampling term s = α/√(L·M)
 *       (O(1/L + α/√(L·M))): D enters only through the constants.</li>
 * </ul>
 * D is the unit's {@link org.meanode.units.UnitFunction#samplingDimension}: the embedding width of
 * the dense units, the channels C of a {@link org.meanode.units.ConvUnit} (σ_v = √C; the Monte
 * Carlo error of one coordinate of the state does not grow with the number of pixels).
 * The discretisation term 1/L carries no α: the theorem's constant depends on α (and on the
 * number of training steps) in a way the bound does not spell out, so c₁ holds at the α of the
 * samples it was fitted on.
 */
public enum BlockModel {
    /** 2LP blocks v·σ(uᵀh/D) with σ_v = √D: sampling term α·√D/√(L·M). */
    TWO_LAYER_PERCEPTRON,
    /** Generic blocks of Theorem 1: sampling term α/√(L·M). */
    GENERIC;

    /**
     * @param depth L
     * @return the discretisation feature 1/L
     */
    public double discretisationFeature(int depth) {
        return 1.0 / depth;
    }

    /**
     * @param depth        L
     * @param width        M
     * @param embeddingDim D
     * @param alpha        α
     * @return the sampling feature α·√D/√(L·M) (2LP) or α/√(L·M) (generic)
     */
    public double samplingFeature(int depth, int width, int embeddingDim, double alpha) {
        double s = alpha / Math.sqrt((double) depth * width);
        return this == TWO_LAYER_PERCEPTRON ? s * Math.sqrt(embeddingDim) : s;
    }
}
