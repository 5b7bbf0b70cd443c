package org.meanode.conf;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.ode.QuadratureNodes;
import org.meanode.units.UnitParam;

/**
 * The one validation of a built plugin layer configuration, whatever path made it: a builder,
 * JSON ({@code MultiLayerConfiguration.fromJson}), ModelSerializer or an Arbiter candidate. Every
 * parameter initializer runs it before DL4J sizes or allocates a layer's parameters (so a
 * configuration edited to {@code "depth": 0} or {@code "alpha": "NaN"} fails at {@code init()}
 * with the builder's message, not with a NullPointerException or NaN training).
 * Each failure is an {@link IllegalArgumentException} naming the class, the field, the value and
 * the fix, worded as the builders word it.
 */
public final class ConfigValidation {
    private ConfigValidation() {
    }

    /**
     * @param layer a layer configuration (plugin layers are checked; others are left to DL4J)
     * @return layer
     * @throws IllegalArgumentException for an invalid field, naming it
     */
    public static <T extends Layer> T check(T layer) {
        if (layer instanceof BaseUnitLayer u) {
            unitLayer(u);
        }
        if (layer instanceof BaseScaledResidual r) {
            residual(r);
        }
        if (layer instanceof MeanOdeLayer m) {
            limit(m);
        }
        if (layer instanceof BaseScaledDense d) {
            dense(d);
        }
        return layer;
    }

    private static void unitLayer(BaseUnitLayer l) {
        String owner = l.getClass().getSimpleName();
        long d = ConfigChecks.positive(owner, "embeddingDim", l.getNIn(), "call .embeddingDim(D) with D ≥ 1");
        if (l.getNOut() != d) {
            throw new IllegalArgumentException(owner + ": nIn = " + l.getNIn() + ", nOut = " + l.getNOut() + " differ from"
                    + " embeddingDim = " + d + "; a residual layer has nIn = nOut = D: set only .embeddingDim(D)");
        }
        ConfigChecks.positiveFinite(owner, "alpha", l.alpha, "call .alpha(a) with a finite a > 0 (default 1)");
        if (l.unit == null) { // with a unit, σ_u, σ_v and σ belong to it (older saved generic layers carry 0 here)
            ConfigChecks.positiveFinite(owner, "sigmaU", l.sigmaU, "call .sigmaU(s) with a finite s > 0 (default √D)");
            ConfigChecks.positiveFinite(owner, "sigmaV", l.sigmaV, "call .sigmaV(s) with a finite s > 0 (default √D)");
            ConfigChecks.notNull(owner, "activation", l.getActivationFn(), ACTIVATION_FIX);
        } else {
            org.meanode.units.UnitFunction.checkedParams(owner, l.unit, d);
        }
    }

    /** The fix named when an activation is null. */
    static final String ACTIVATION_FIX = "pass an activation, e.g. .activation(Activation.TANH) (the default)";

    private static void residual(BaseScaledResidual l) {
        String owner = l.getClass().getSimpleName();
        ConfigChecks.positive(owner, "depth", l.depth, "call .depth(L) with L ≥ 1, the number of blocks of the network");
        ConfigChecks.positive(owner, "width", l.width, "call .width(M) with M ≥ 1");
        ConfigChecks.notNull(owner, "kernelMode", l.kernelMode, "pass KernelMode.AUTO (default), DIRECT_BLAS or ND4J_OPS");
        if (l instanceof ScaledResidualStack s) {
            if (s.checkpointInterval < 0) {
                throw new IllegalArgumentException(owner + ".checkpointInterval = " + s.checkpointInterval + " is invalid:"
                        + " it must be ≥ 0; call .checkpointInterval(k) with 1 ≤ k ≤ L, or 0 for no checkpointing");
            }
            ScaledResidualStack.checkpointInterval(owner, false, s.checkpointInterval, l.depth);
        }
    }

    private static void limit(MeanOdeLayer l) {
        String owner = "MeanOdeLayer";
        ConfigChecks.positive(owner, "nodes", l.nodes, "call .nodes(P) with P ≥ 1");
        ConfigChecks.positive(owner, "steps", l.steps, "call .steps(S) with S ≥ 1");
        ConfigChecks.notNull(owner, "solver", l.solver, "pass OdeSolver.EULER, HEUN, RK3 or RK4");
        ConfigChecks.notNull(owner, "nodeScheme", l.nodeScheme, "pass NodeScheme.IID, ANTITHETIC or SOBOL");
        try {
            QuadratureNodes.check(l.nodeScheme, l.getNIn(), l.nodes);
            long dims = l.unitParams().stream().mapToLong(UnitParam::rows).sum();
            QuadratureNodes.checkDimensions(l.nodeScheme, dims, l.nodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
        }
    }

    private static void dense(BaseScaledDense l) {
        String owner = l.getClass().getSimpleName();
        ConfigChecks.positive(owner, "nIn", l.getNIn(), "call .nIn(n) with n ≥ 1");
        ConfigChecks.positive(owner, "nOut", l.getNOut(), l instanceof MeanOdeEmbedding
                ? "call .nOut(D) with the embedding width D ≥ 1" : "call .nOut(n) with n ≥ 1");
    }
}
