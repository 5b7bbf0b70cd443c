package org.meanode.examples.rates;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ReducedLimit;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The limit computed in the span of the task's W_E and W_U ({@link ReducedLimit},
 * docs/reduced-limit.md): nodes in R^k, k = d_in + d_out, instead of R^D, every constant of width D
 * kept, so a node costs k/D of a {@link MeanOdeLayerReference} node and carries no sampling noise
 * from the directions orthogonal to the data. Same solver, steps and node scheme options.
 *
 * <p>With fallback nodes (the default reference of {@code rates} and {@code demo}), a task where
 * the reduction gains nothing (k ≥ D) or does not apply ({@link ReducedLimit} refuses the
 * configuration) is computed by the full-space {@link MeanOdeLayerReference} with those nodes and
 * the same S, solver, scheme and seed, and {@link #fallback} says so in one line. Without it (the user asked
 * for the reduced limit explicitly), a refused configuration is an error and k ≥ D is computed in
 * the span all the same (a rotation of R^D: the same limit at the same cost).
 */
public final class ReducedLimitReference extends QuadratureReference {
    /** P of the full-space layer where it falls back; 0: no fallback (strict). */
    private final int fallbackNodes;

    /**
     * @param nodes         P ≥ 1
     * @param steps         S ≥ 1
     * @param solver        the Runge–Kutta method
     * @param scheme        how the nodes (in R^k) are drawn
     * @param seed          seed of the nodes
     * @param fallbackNodes P of the full-space layer used where the reduction gains nothing or does
     *                      not apply (a full-space node costs D/k reduced ones, so this is usually
     *                      smaller than {@code nodes}); 0 for none (strict)
     */
    public ReducedLimitReference(int nodes, int steps, OdeSolver solver, NodeScheme scheme, long seed, int fallbackNodes) {
        super(nodes, steps, solver, scheme, seed);
        if (fallbackNodes < 0) {
            throw new IllegalArgumentException("fallbackNodes = " + fallbackNodes + " must be ≥ 0 (0: no fallback)");
        }
        this.fallbackNodes = fallbackNodes;
    }

    /** Strict: always the reduced limit (refused configurations are errors). */
    public ReducedLimitReference(int nodes, int steps, OdeSolver solver, NodeScheme scheme, long seed) {
        this(nodes, steps, solver, scheme, seed, 0);
    }

    private MeanOdeResNet spec(SyntheticTask task, TrainingSpec spec) {
        return MeanOdeResNet.builder().nIn(task.nIn()).nOut(task.nOut()).embeddingDim(task.embeddingDim())
                .depth(1).width(1).regime(Regime.COMPLETE).alpha(spec.alpha()).learningRate(spec.learningRate())
                .dataType(DataType.DOUBLE).seed(seed).build();
    }

    private ReducedLimit reduced(SyntheticTask task, TrainingSpec spec) {
        return ReducedLimit.of(spec(task, spec), new EmbeddingReadoutWeights(task.embedding(), task.readout()), nodes,
                steps, solver, scheme);
    }

    /** @return the full-space reference it falls back to: the fallback P, the same S, solver, scheme and seed */
    public MeanOdeLayerReference fullSpace() {
        return new MeanOdeLayerReference(fallbackNodes, steps, solver, scheme, seed);
    }

    @Override
    public String fallback(SyntheticTask task, TrainingSpec spec) {
        if (fallbackNodes == 0) {
            return null;
        }
        ReducedLimit r;
        try {
            r = reduced(task, spec);
        } catch (IllegalArgumentException e) {
            return "the reduced limit does not apply (" + e.getMessage() + "): full-space MeanOdeLayer, P = "
                    + fallbackNodes;
        }
        int d = task.embeddingDim();
        if (r.subspaceDim() >= d) {
            return "k = dim span(W_E, W_U) = " + r.subspaceDim() + " ≥ D = " + d + ", nothing to reduce: full-space"
                    + " MeanOdeLayer, P = " + fallbackNodes;
        }
        return null;
    }

    @Override
    public TrainedOutput train(SyntheticTask task, TrainingSpec spec) {
        if (fallback(task, spec) != null) {
            return fullSpace().train(task, spec);
        }
        MultiLayerNetwork net = reduced(task, spec).multiLayerNetwork();
        return FiniteResNet.fit(net, task, spec.steps());
    }

    @Override
    protected QuadratureReference with(int p, int s, long newSeed) {
        int fp = fallbackNodes == 0 ? 0 : (int) Math.max(1, (long) fallbackNodes * p / nodes);
        return new ReducedLimitReference(p, s, solver, scheme, newSeed, fp);
    }

    @Override
    protected String method() {
        return "ReducedLimit (span of W_E, W_U" + (fallbackNodes == 0 ? "" : "; full-space MeanOdeLayer with P = "
                + fallbackNodes + " where k ≥ D") + ")";
    }
}
