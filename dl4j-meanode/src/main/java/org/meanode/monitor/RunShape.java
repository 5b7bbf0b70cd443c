package org.meanode.monitor;

import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.BaseUnitLayer;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;

/**
 * (L, M, D, α, σ_u, σ_v, σ) of a monitored network, read from its first plugin layer's
 * configuration; for a {@link MeanOdeLayer}, (S, P, D, α, σ_u, σ_v, σ). With the sizes the
 * regime and the bound are judged against: the rows of the unit's blocks u and v (D and D for the
 * 2LP unit, F = C·k² and C for a ConvUnit) and the bound's dimension
 * ({@link UnitFunction#samplingDimension}: D, or C for a ConvUnit).
 *
 * @param limit        true for a MeanOdeLayer
 * @param depth        L (S for the limit layer)
 * @param width        M (P for the limit layer)
 * @param embeddingDim D
 * @param alpha        α
 * @param sigmaU       σ_u
 * @param sigmaV       σ_v
 * @param activation   σ, as DL4J names it
 * @param uRows        rows of the unit's block u (its fan-in: D, or F for a ConvUnit); 0 when it has none
 * @param vRows        rows of the unit's block v (D, or C for a ConvUnit); 0 when it has none
 * @param samplingDim  the D of the bound's sampling term α√D/√(L·M)
 */
record RunShape(boolean limit, int depth, int width, long embeddingDim, double alpha, double sigmaU, double sigmaV,
                String activation, long uRows, long vRows, long samplingDim) {

    /**
     * @param layer the first monitored layer
     * @return its shape
     * @throws IllegalArgumentException for a layer whose configuration this listener does not know
     */
    static RunShape of(MonitoredLayer layer) {
        Object conf = layer.layer().conf().getLayer();
        if (conf instanceof BaseScaledResidual r) {
            return of(r, false, r.getDepth(), r.getWidth());
        }
        if (conf instanceof MeanOdeLayer m) {
            return of(m, true, m.getSteps(), m.getNodes());
        }
        throw new IllegalArgumentException("FeatureMovementListener: cannot read (L, M, D, alpha) from layer '" + layer.name()
                + "' of configuration " + conf.getClass().getName() + "; it supports ScaledResidualBlock, ScaledResidualStack (any unit) and MeanOdeLayer");
    }

    private static RunShape of(BaseUnitLayer l, boolean limit, int depth, int width) {
        long d = l.getEmbeddingDim();
        UnitFunction unit = l.effectiveUnit();
        UnitParam u = block(unit, "U", d);
        UnitParam v = block(unit, "V", d);
        String activation = l.getUnit() == null ? String.valueOf(l.getActivation()) : String.valueOf(unit);
        return new RunShape(limit, depth, width, d, l.getAlpha(), u == null ? Double.NaN : u.initStd(),
                v == null ? Double.NaN : v.initStd(), activation, u == null ? 0 : u.rows(), v == null ? 0 : v.rows(),
                unit.samplingDimension(d));
    }

    /** @return the unit's block {@code key}, null when the unit has none */
    private static UnitParam block(UnitFunction unit, String key, long embeddingDim) {
        for (UnitParam p : unit.params(embeddingDim)) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** @return the regime's name, judged with σ_u against √(rows of u) and σ_v against √(rows of v) */
    String regime() {
        return RegimeLabel.of(alpha, sigmaU, sigmaV, uRows == 0 ? embeddingDim : uRows, vRows == 0 ? embeddingDim : vRows);
    }
}
