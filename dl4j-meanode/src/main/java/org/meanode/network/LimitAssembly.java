package org.meanode.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.ConfigChecks;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.QuadratureNodes;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;

/**
 * The residual part of a limit network ({@link BaseResNetBuilder#limit}): one {@link MeanOdeLayer}
 * named {@link MeanOdeResNet#LIMIT}, mapping hidden states [N, D] to [N, D] by integrating the
 * Neural Mean ODE dx/ds = α·E_θ[φ(x; θ)] over s ∈ [0, 1] with S steps of an explicit Runge–Kutta
 * solver, the expectation replaced by P quadrature nodes per stage (MODEL.md, "The limit").
 * With the 2LP unit, φ(x; u, v) = u·σ(vᵀx); with {@code unit(φ)}, that unit.
 *
 * <p>Contributors: a new option of the limit layer is checked in {@link #check} (against the
 * finite-only options) and passed on in {@link #layer}.
 */
final class LimitAssembly {
    private LimitAssembly() {
    }

    /**
     * Rejects a limit builder that also sets finite-network options, and node counts the scheme
     * cannot draw in D dimensions (or in the unit's parameter dimensions).
     *
     * @param b            the builder, with {@code limit(..)} called
     * @param embeddingDim D, already validated
     */
    static void check(BaseResNetBuilder<?> b, long embeddingDim) {
        String o = MeanOdeResNet.OWNER;
        List<String> conflicts = new ArrayList<>();
        if (b.depth != ConfigChecks.UNSET) {
            conflicts.add(".depth(" + b.depth + ")");
        }
        if (b.width != ConfigChecks.UNSET) {
            conflicts.add(".width(" + b.width + ")");
        }
        if (b.customBlocks != null) {
            conflicts.add(".blocks(" + b.customBlocks.size() + " blocks)");
        }
        if (!b.fused) {
            conflicts.add(".fused(false)");
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException(o + ": .limit(P, S, solver, scheme) builds the L → ∞ limit network,"
                    + " which has no blocks, but " + String.join(", ", conflicts) + " was also called; use a"
                    + " separate builder for the finite network");
        }
        try {
            QuadratureNodes.check(b.nodeScheme, embeddingDim, b.nodes);
            UnitFunction unit = b.unit;
            if (unit != null) {
                QuadratureNodes.checkDimensions(b.nodeScheme,
                        unit.params(embeddingDim).stream().mapToLong(UnitParam::rows).sum(), b.nodes);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(o + ".limit: " + e.getMessage(), e);
        }
    }

    /**
     * @param spec a limit network's spec
     * @return its {@link MeanOdeLayer}, named {@link MeanOdeResNet#LIMIT}
     */
    static Layer layer(MeanOdeResNet spec) {
        MeanOdeLayer.Builder lb = new MeanOdeLayer.Builder().embeddingDim(spec.getEmbeddingDim()).nodes(spec.getNodes())
                .steps(spec.getSteps()).solver(spec.getSolver()).nodeScheme(spec.getNodeScheme())
                .freshNodes(spec.isFreshNodes()).alpha(spec.getAlpha());
        UnitFunction unit = spec.getUnit();
        return (unit != null ? lb.unit(unit) : lb.sigmaU(spec.getSigmaU()).sigmaV(spec.getSigmaV())
                .activation(spec.getActivation())).name(MeanOdeResNet.LIMIT).build();
    }

    /**
     * @param spec a limit network's spec
     * @return unit evaluations per example and forward pass, S·r·P (r the solver's stages)
     */
    static long unitEvaluations(MeanOdeResNet spec) {
        return (long) spec.getSteps() * spec.getSolver().stages() * spec.getNodes();
    }
}
