package org.meanode.examples.rates;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The limit by forward Euler in depth-time with one set of P antithetic quadrature nodes shared
 * by every depth, Richardson-extrapolated over S and 2S steps. Forward Euler with shared nodes is
 * exactly a {@link MeanOdeResNet} of depth S and width P whose blocks all start from the same
 * units (MODEL.md: only the marginal law at each s enters the limit, and each depth keeps its own
 * trainable copy), so this reference needs nothing but the finite layers; the extrapolation
 * 2·y(2S) − y(S) removes the O(1/S) term of the whole training trajectory.
 */
public final class TiledEulerReference implements LimitReference {
    private final int steps;
    private final int nodes;
    private final long seed;

    /**
     * @param steps S ≥ 1, Euler steps of the coarse solve (the fine one takes 2S)
     * @param nodes P, even and ≥ 2: P/2 draws (u, v), each also used as (u, −v)
     * @param seed  seed of the nodes
     */
    public TiledEulerReference(int steps, int nodes, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + " must be ≥ 1");
        }
        if (nodes < 2 || nodes % 2 != 0) {
            throw new IllegalArgumentException("nodes = " + nodes + " must be even and ≥ 2 (antithetic pairs)");
        }
        this.steps = steps;
        this.nodes = nodes;
        this.seed = seed;
    }

    @Override
    public TrainedOutput train(SyntheticTask task, TrainingSpec spec) {
        TrainedOutput coarse = solve(task, spec, steps);
        TrainedOutput fine = solve(task, spec, 2 * steps);
        double[] y = new double[fine.output().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 * fine.output()[i] - coarse.output()[i];
        }
        return new TrainedOutput(y, fine.lossInit(), fine.lossFinal());
    }

    private TrainedOutput solve(SyntheticTask task, TrainingSpec spec, int s) {
        int d = task.embeddingDim();
        MultiLayerNetwork net = MeanOdeResNet.builder()
                .nIn(task.nIn()).nOut(task.nOut()).embeddingDim(d)
                .depth(s).width(nodes).regime(Regime.COMPLETE).alpha(spec.alpha())
                .learningRate(spec.learningRate()).dataType(DataType.DOUBLE).seed(seed).build().multiLayerNetwork();
        double sigma = Math.sqrt(d);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] u = new double[d * nodes * s];
        double[] v = new double[d * nodes * s];
        for (int p = 0; p < nodes; p += 2) {
            for (int i = 0; i < d; i++) {
                double ui = sigma * rng.nextGaussian();
                double vi = sigma * rng.nextGaussian();
                for (int l = 0; l < s; l++) {
                    int a = (i * nodes + p) * s + l;
                    int b = (i * nodes + p + 1) * s + l;
                    u[a] = ui;
                    u[b] = ui;
                    v[a] = vi;
                    v[b] = -vi;
                }
            }
        }
        INDArray uu = Nd4j.create(u, new long[] {d, nodes, s}, DataType.DOUBLE);
        INDArray vv = Nd4j.create(v, new long[] {d, nodes, s}, DataType.DOUBLE);
        new ResNetWeights(task.embedding(), uu, vv, task.readout()).writeTo(net);
        return FiniteResNet.fit(net, task, spec.steps());
    }

    @Override
    public String describe() {
        return String.format("Euler in depth, Richardson over S = %d and %d steps, P = %d antithetic nodes shared by all"
                + " depths", steps, 2 * steps, nodes);
    }

    @Override
    public long unitEvaluations() {
        return 3L * steps * nodes;
    }

    @Override
    public LimitReference withSeed(long newSeed) {
        return new TiledEulerReference(steps, nodes, newSeed);
    }

    @Override
    public LimitReference coarser() {
        return new TiledEulerReference(Math.max(1, steps / 2), Math.max(2, nodes / 4 / 2 * 2), seed ^ 0x5DEECE66DL);
    }
}
