package org.meanode.conf;

import java.util.Objects;
import org.meanode.scaling.LearningRateRule;

/**
 * The embedding of a network computed in the span of the data (docs/reduced-limit.md):
 * z_0 = W_E^S x with W_E^S = QᵀW_E : k×d_in, the coordinates of MODEL.md's embedding W_E : D×d_in
 * in an orthonormal basis Q of S = span(W_E, W_U). Param "W" stores (W_E^S)ᵀ, shape [d_in, k]
 * (nOut = k). It keeps the constants of the ambient width D: when trainable, its Sgd multiplier
 * is that of the embedding at D, D/(2·d_in). Its parameters are set by
 * {@link org.meanode.network.ReducedLimit} from a draw (or a network) at width D; its own
 * initialiser draws i.i.d. N(0, 1/d_in) entries, which is not the law of QᵀW_E.
 */
public class ReducedEmbedding extends MeanOdeEmbedding {
    private static final long serialVersionUID = 1L;

    /** D. */
    protected long ambientDim;

    /** For JSON. */
    protected ReducedEmbedding() {
    }

    protected ReducedEmbedding(Builder b) {
        super(b);
        this.ambientDim = ConfigChecks.required("ReducedEmbedding", "ambientDim", b.ambientDim,
                "call .ambientDim(D) with D ≥ nOut (the width whose constants the embedding keeps)");
        if (ambientDim < nOut) {
            throw new IllegalArgumentException("ReducedEmbedding: ambientDim D = " + ambientDim + " is below nOut k = "
                    + nOut + "; the subspace dimension k is at most D");
        }
    }

    /** @return D/(2·d_in), the rate of the embedding at width D */
    @Override
    protected double sgdMultiplier() {
        return LearningRateRule.embeddingSgd(ambientDim, nIn);
    }

    public long getAmbientDim() {
        return ambientDim;
    }

    public void setAmbientDim(long ambientDim) {
        this.ambientDim = ambientDim;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof ReducedEmbedding t && ambientDim == t.ambientDim;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), ambientDim);
    }

    @Override
    public String toString() {
        return "ReducedEmbedding(name=" + layerName + ", nIn=" + nIn + ", k=" + nOut + ", D=" + ambientDim
                + ", trainable=" + trainable + ")";
    }

    /** Builder: nOut (k) and ambientDim (D) are required. */
    public static class Builder extends MeanOdeEmbedding.Builder {
        private long ambientDim = ConfigChecks.UNSET;

        /**
         * @param d D, the width whose constants the embedding keeps
         * @return this builder
         */
        public Builder ambientDim(long d) {
            this.ambientDim = ConfigChecks.positive("ReducedEmbedding.Builder", "ambientDim", d, "call .ambientDim(D) with D ≥ 1");
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ReducedEmbedding build() {
            return new ReducedEmbedding(this);
        }
    }
}
