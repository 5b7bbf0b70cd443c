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
 */
public final class ReducedLimitReference extends QuadratureReference {
    /**
     * @param nodes  P ≥ 1
     * @param steps  S ≥ 1
     * @param solver the Runge–Kutta method
     * @param scheme how the nodes (in R^k) are drawn
     * @param seed   seed of the nodes
     */
    public ReducedLimitReference(int nodes, int steps, OdeSolver solver, NodeScheme scheme, long seed) {
        super(nodes, steps, solver, scheme, seed);
    }

    @Override
    public TrainedOutput train(SyntheticTask task, TrainingSpec spec) {
        MeanOdeResNet s = MeanOdeResNet.builder().nIn(task.nIn()).nOut(task.nOut()).embeddingDim(task.embeddingDim())
                .depth(1).width(1).regime(Regime.COMPLETE).alpha(spec.alpha()).learningRate(spec.learningRate())
                .dataType(DataType.DOUBLE).seed(seed).build();
        MultiLayerNetwork net = ReducedLimit.of(s, new EmbeddingReadoutWeights(task.embedding(), task.readout()), nodes,
                steps, solver, scheme).multiLayerNetwork();
        return FiniteResNet.fit(net, task, spec.steps());
    }

    @Override
    protected QuadratureReference with(int p, int s, long newSeed) {
        return new ReducedLimitReference(p, s, solver, scheme, newSeed);
    }

    @Override
    protected String method() {
        return "ReducedLimit (span of W_E, W_U)";
    }
}
