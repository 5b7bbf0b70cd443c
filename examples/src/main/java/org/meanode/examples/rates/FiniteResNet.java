package org.meanode.examples.rates;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.monitor.DivergenceGuard;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains one finite 2LP ResNet of MODEL.md ({@link MeanOdeResNet}, fused stack, float64) on a
 * shared task: W_E and W_U are the task's, U and V are drawn from {@code seed}.
 */
public final class FiniteResNet {
    private FiniteResNet() {
    }

    /**
     * @param task  the shared task (its D is the network's D)
     * @param depth L
     * @param width M
     * @param seed  seed of U and V
     * @param spec  K, η, α
     * @return the output after K steps and the losses
     */
    public static TrainedOutput train(SyntheticTask task, int depth, int width, long seed, TrainingSpec spec) {
        MeanOdeResNet resnet = MeanOdeResNet.builder()
                .nIn(task.nIn()).nOut(task.nOut()).embeddingDim(task.embeddingDim())
                .depth(depth).width(width).regime(Regime.COMPLETE).alpha(spec.alpha())
                .learningRate(spec.learningRate()).dataType(DataType.DOUBLE).seed(seed).build();
        MultiLayerNetwork net = resnet.multiLayerNetwork();
        ResNetWeights drawn = ResNetWeights.readFrom(net);
        new ResNetWeights(task.embedding(), drawn.getU(), drawn.getV(), task.readout()).writeTo(net);
        return fit(net, task, spec.steps());
    }

    /**
     * Trains a built network K full-batch steps on the task and reads its output.
     *
     * @param net   a network built by {@link MeanOdeResNet} with the task's sizes
     * @param task  the task
     * @param steps K
     * @return output and losses
     */
    public static TrainedOutput fit(MultiLayerNetwork net, SyntheticTask task, int steps) {
        DataSet ds = task.dataSet();
        net.addListeners(new DivergenceGuard());
        double lossInit = net.score(ds);
        for (int k = 0; k < steps; k++) {
            net.fit(ds);
        }
        double lossFinal = net.score(ds);
        double[] out = net.output(ds.getFeatures()).dup('c').data().asDouble();
        return new TrainedOutput(out, lossInit, lossFinal);
    }
}
