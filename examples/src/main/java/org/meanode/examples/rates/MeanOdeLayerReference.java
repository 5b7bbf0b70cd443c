package org.meanode.examples.rates;

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
public final class MeanOdeLayerReference extends QuadratureReference {
    /**
     * @param nodes  P ≥ 1 (even for ANTITHETIC; a power of 2 suits SOBOL)
     * @param steps  S ≥ 1 solver steps over s ∈ [0, 1]
     * @param solver the Runge–Kutta method
     * @param scheme how the nodes are drawn
     * @param seed   seed of the nodes (scramble for SOBOL)
     */
    public MeanOdeLayerReference(int nodes, int steps, OdeSolver solver, NodeScheme scheme, long seed) {
        super(nodes, steps, solver, scheme, seed);
        if (scheme == NodeScheme.ANTITHETIC && nodes % 2 != 0) {
            throw new IllegalArgumentException("--ref-nodes = " + nodes + " must be even for ANTITHETIC nodes (pairs (u, v),"
                    + " (u, −v))");
        }
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
    protected QuadratureReference with(int p, int s, long newSeed) {
        return new MeanOdeLayerReference(p, s, solver, scheme, newSeed);
    }

    @Override
    protected String method() {
        return "MeanOdeLayer";
    }
}
