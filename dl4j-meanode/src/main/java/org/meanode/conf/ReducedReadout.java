package org.meanode.conf;

import java.util.Objects;
import org.meanode.scaling.LearningRateRule;

/**
 * The readout of a network computed in the span of the data (docs/reduced-limit.md):
 * y = (W_U^S)ᵀ z / D with W_U^S = QᵀW_U : k×d_out, the coordinates of MODEL.md's readout W_U in an
 * orthonormal basis Q of S = span(W_E, W_U); since h = Q z, this is W_Uᵀh/D. Param "W", shape
 * [k, d_out] (nIn = k). It keeps the constants of the ambient width D: the factor 1/D and, when
 * trainable, the Sgd multiplier D·d_out/2. Its parameters are set by
 * {@link org.meanode.network.ReducedLimit}.
 */
public class ReducedReadout extends MeanOdeReadout {
    private static final long serialVersionUID = 1L;

    /** D. */
    protected long ambientDim;

    /** For JSON. */
    protected ReducedReadout() {
    }

    protected ReducedReadout(Builder b) {
        super(b);
        this.ambientDim = ConfigChecks.required("ReducedReadout", "ambientDim", b.ambientDim,
                "call .ambientDim(D) with D ≥ nIn (the width whose constants the readout keeps)");
        if (nIn > 0 && ambientDim < nIn) {
            throw new IllegalArgumentException("ReducedReadout: ambientDim D = " + ambientDim + " is below nIn k = "
                    + nIn + "; the subspace dimension k is at most D");
        }
    }

    /** @return 1/D (not 1/k) */
    @Override
    public double scale() {
        return 1.0 / ambientDim;
    }

    /** @return D·d_out/2, the rate of the readout at width D */
    @Override
    protected double sgdMultiplier() {
        return LearningRateRule.readoutSgd(ambientDim, nOut);
    }

    public long getAmbientDim() {
        return ambientDim;
    }

    public void setAmbientDim(long ambientDim) {
        this.ambientDim = ambientDim;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof ReducedReadout t && ambientDim == t.ambientDim;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), ambientDim);
    }

    @Override
    public String toString() {
        return "ReducedReadout(name=" + layerName + ", k=" + nIn + ", nOut=" + nOut + ", D=" + ambientDim
                + ", trainable=" + trainable + ")";
    }

    /** Builder: nOut (d_out) and ambientDim (D) are required; nIn (k) may be inferred. */
    public static class Builder extends MeanOdeReadout.Builder {
        private long ambientDim = ConfigChecks.UNSET;

        /**
         * @param d D, the width whose constants the readout keeps
         * @return this builder
         */
        public Builder ambientDim(long d) {
            this.ambientDim = ConfigChecks.positive("ReducedReadout.Builder", "ambientDim", d, "call .ambientDim(D) with D ≥ 1");
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ReducedReadout build() {
            return new ReducedReadout(this);
        }
    }
}
