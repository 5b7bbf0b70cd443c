package org.meanode.examples.rates;

import org.meanode.examples.demo.SyntheticTask;

/**
 * A numerical approximation of the Neural Mean ODE limit of MODEL.md, trained K steps on a task:
 * the reference the finite ResNets are measured against. The experiments only need its output
 * after training; how it is computed (solver, steps in depth-time, quadrature nodes) is the
 * implementation's business and is reported by {@link #describe()}.
 */
public interface LimitReference {

    /**
     * Builds the limit on the task's W_E, W_U, trains it K steps and reads its output.
     *
     * @param task the shared task (its D is the limit's D)
     * @param spec K, η, α
     * @return the output after K steps and the losses
     */
    TrainedOutput train(SyntheticTask task, TrainingSpec spec);

    /**
     * @param task the task the reference is about to be trained on
     * @param spec K, η, α
     * @return null when {@link #train} computes the limit as {@link #describe()} says; otherwise one
     *         line saying what it computes instead for this task and why (e.g. the reduced limit
     *         falling back to the full-space layer where the span of the data is all of R^D)
     */
    default String fallback(SyntheticTask task, TrainingSpec spec) {
        return null;
    }

    /** @return a one-line description (method, steps, nodes) for tables and provenance */
    String describe();

    /**
     * @return the unit evaluations per forward pass (the cost, in units of one hidden unit of a
     *         finite network evaluated at one depth), for progress estimates
     */
    long unitEvaluations();

    /**
     * @param seed seed of the random parts (quadrature nodes, scrambling)
     * @return the same reference with another seed: an independent replicate
     */
    LimitReference withSeed(long seed);

    /**
     * @return the same reference with a quarter of the quadrature nodes (same steps): the distance
     *         between the two is about the coarser one's quadrature error, which for a convergent
     *         scheme exceeds this one's
     */
    LimitReference coarser();

    /**
     * @return the same reference (same nodes for the same seed) with twice the solver steps: the
     *         distance between the two is this one's discretisation error in depth-time
     */
    LimitReference refined();
}
