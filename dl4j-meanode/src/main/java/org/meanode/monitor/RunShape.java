package org.meanode.monitor;

import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;

/**
 * (L, M, D, α, σ_u, σ_v, σ) of a monitored network, read from its first plugin layer's
 * configuration; for a {@link MeanOdeLayer}, (S, P, D, α, σ_u, σ_v, σ).
 *
 * @param limit        true for a MeanOdeLayer
 * @param depth        L (S for the limit layer)
 * @param width        M (P for the limit layer)
 * @param embeddingDim D
 * @param alpha        α
 * @param sigmaU       σ_u
 * @param sigmaV       σ_v
 * @param activation   σ, as DL4J names it
 */
record RunShape(boolean limit, int depth, int width, long embeddingDim, double alpha, double sigmaU, double sigmaV, String activation) {

    /**
     * @param layer the first monitored layer
     * @return its shape
     * @throws IllegalArgumentException for a layer whose configuration this listener does not know
     */
    static RunShape of(MonitoredLayer layer) {
        Object conf = layer.layer().conf().getLayer();
        if (conf instanceof BaseScaledResidual r) {
            if (r.getUnit() == null) {
                return new RunShape(false, r.getDepth(), r.getWidth(), r.getEmbeddingDim(), r.getAlpha(), r.getSigmaU(),
                        r.getSigmaV(), String.valueOf(r.getActivation()));
            }
            UnitFunction unit = r.getUnit();
            return new RunShape(false, r.getDepth(), r.getWidth(), r.getEmbeddingDim(), r.getAlpha(),
                    initStd(unit, "U", r.getEmbeddingDim()), initStd(unit, "V", r.getEmbeddingDim()), String.valueOf(unit));
        }
        if (conf instanceof MeanOdeLayer m) {
            if (m.getUnit() != null) {
                UnitFunction unit = m.effectiveUnit();
                return new RunShape(true, m.getSteps(), m.getNodes(), m.getEmbeddingDim(), m.getAlpha(),
                        initStd(unit, "U", m.getEmbeddingDim()), initStd(unit, "V", m.getEmbeddingDim()), String.valueOf(unit));
            }
            return new RunShape(true, m.getSteps(), m.getNodes(), m.getEmbeddingDim(), m.getAlpha(), m.getSigmaU(), m.getSigmaV(),
                    String.valueOf(m.getActivation()));
        }
        throw new IllegalArgumentException("FeatureMovementListener: cannot read (L, M, D, alpha) from layer '" + layer.name()
                + "' of configuration " + conf.getClass().getName() + "; it supports ScaledResidualBlock, ScaledResidualStack (any unit) and MeanOdeLayer");
    }

    /** @return the init std of the unit's block {@code key}, NaN when the unit has none */
    private static double initStd(UnitFunction unit, String key, long embeddingDim) {
        for (UnitParam p : unit.params(embeddingDim)) {
            if (p.key().equals(key)) {
                return p.initStd();
            }
        }
        return Double.NaN;
    }
}
