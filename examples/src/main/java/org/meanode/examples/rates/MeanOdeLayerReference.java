package org.meanode.examples.rates;

import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The limit computed by the library's {@link MeanOdeLayer}: a {@link MeanOdeResNet} built with
 * {@code .limit(P, S, solver, scheme)} (the same P nodes at every depth, each solver stage with its
 * own trainable copy), the task's W_E and W_U, trained by K {@code fit()} calls at the same base η
 * as the finite networks, so that K steps are K steps of the limit's training dynamics.
 */
public final class MeanOdeLayerReference implements LimitReference {
    private final int nodes;
    private final int steps;
    private final OdeSolver solver;
    private final NodeScheme scheme;
    private final long seed;

    /**
     * @param nodes  P ≥ 1 (even for ANTITHETIC; a power of 2 suits SOBOL)
     * @param steps  S ≥ 1 solver steps over s ∈ [0, 1]
     * @param solver the Runge–Kutta method
     * @param scheme how the nodes are drawn
     * @param seed   seed of the nodes (scramble for SOBOL)
     */
    public MeanOdeLayerReference(int nodes, int steps, OdeSolver solver, NodeScheme scheme, long seed) {
        if (nodes < 1 || steps < 1) {
            throw new IllegalArgumentException("the limit reference needs nodes P ≥ 1 and steps S ≥ 1, got P = " + nodes
                    + ", S = " + steps + "; pass --ref-nodes and --ref-steps");
        }
        if (scheme == NodeScheme.ANTITHETIC && nodes % 2 != 0) {
            throw new IllegalArgumentException("--ref-nodes = " + nodes + " must be even for ANTITHETIC nodes (pairs (u, v),"
                    + " (u, −v))");
        }
        this.nodes = nodes;
        this.steps = steps;
        this.solver = Objects.requireNonNull(solver, "solver");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.seed = seed;
    }

    @Override
    public TrainedOutput train(SyntheticTask task, TrainingSpec spec) {
        MultiLayerNetwork net = MeanOdeResNet.builder()
                .nIn(task.nIn()).nOut(task.nOut()).embeddingDim(task.embeddingDim())
                .limit(nodes, steps, solver, scheme).regime(Regime.COMPLETE).alpha(spec.alpha())
                .learningRate(spec.learningRate()).dataType(DataType.DOUBLE).seed(seed).build().multiLayerNetwork();
        new EmbeddingReadoutWeights(task.embedding(), task.readout()).writeTo(net);
        return FiniteResNet.fit(net, task, spec.steps());
    }

    @Override
    public String describe() {
        return String.format("MeanOdeLayer: %s, S = %d steps, P = %d %s nodes shared by all depths", solver, steps, nodes,
                scheme);
    }

    @Override
    public long unitEvaluations() {
        return (long) steps * solver.stages() * nodes;
    }

    @Override
    public LimitReference withSeed(long newSeed) {
        return new MeanOdeLayerReference(nodes, steps, solver, scheme, newSeed);
    }

    @Override
    public LimitReference coarser() {
        int p = Math.max(scheme == NodeScheme.ANTITHETIC ? 2 : 1, nodes / 4);
        return new MeanOdeLayerReference(p, steps, solver, scheme, seed);
    }

    @Override
    public LimitReference refined() {
        return new MeanOdeLayerReference(nodes, 2 * steps, solver, scheme, seed);
    }

    /** @return P */
    public int nodes() {
        return nodes;
    }

    /** @return S */
    public int steps() {
        return steps;
    }

    /** @return the solver */
    public OdeSolver solver() {
        return solver;
    }

    /** @return the node scheme */
    public NodeScheme scheme() {
        return scheme;
    }
}
