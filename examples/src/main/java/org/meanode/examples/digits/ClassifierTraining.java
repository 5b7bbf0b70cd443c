package org.meanode.examples.digits;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.data.TrainTestSplit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Trains one classifier (a plugin {@link MultiLayerNetwork} or a stock {@link ComputationGraph})
 * with mini-batch SGD on a split and measures it: test accuracy (DL4J's {@link Evaluation}),
 * training loss, wall time. A run <em>diverges</em> when its training loss becomes non-finite or
 * ends above its value at initialisation (softmax cross-entropy is clipped by DL4J, so a blown-up
 * network can keep a finite loss); a diverged run stops at once and is recorded, never thrown.
 */
public final class ClassifierTraining {
    private ClassifierTraining() {
    }

    /**
     * @param testAccuracy      fraction of test examples classified correctly
     * @param trainLoss         mean cross-entropy on the whole training part after training
     * @param initialLoss       the same at initialisation
     * @param seconds           wall time of training and evaluation
     * @param diverged          see the class comment
     * @param testProbabilities softmax outputs on the test part [N_test, classes] (null if diverged)
     */
    public record Outcome(double testAccuracy, double trainLoss, double initialLoss, double seconds, boolean diverged,
                          INDArray testProbabilities) {
    }

    /**
     * @param net         a classifier whose output layer is softmax + MCXENT
     * @param split       the data
     * @param epochs      passes over the training part
     * @param batchSize   mini-batch size
     * @param shuffleSeed seed of the per-epoch shuffle
     * @return what was measured
     */
    public static Outcome train(NeuralNetwork net, TrainTestSplit split, int epochs, int batchSize, long shuffleSeed) {
        long t0 = System.nanoTime();
        DataSet train = split.train(DataType.FLOAT);
        double initial = score(net, train);
        DataSetIterator it = split.trainIterator(batchSize, shuffleSeed);
        double loss = initial;
        boolean diverged = false;
        for (int e = 0; e < epochs; e++) {
            if (e > 0) {
                it.reset();
            }
            net.fit(it);
            loss = score(net, train);
            if (!Double.isFinite(loss)) {
                diverged = true;
                break;
            }
        }
        diverged |= !(loss <= initial);
        double acc = Double.NaN;
        INDArray probs = null;
        if (!diverged) {
            Evaluation ev = net.doEvaluation(split.testIterator(512), new Evaluation())[0];
            acc = ev.accuracy();
            probs = output(net, split.test(DataType.FLOAT).getFeatures());
        }
        return new Outcome(acc, loss, initial, (System.nanoTime() - t0) / 1e9, diverged, probs);
    }

    /**
     * @param net the network
     * @param ds  a data set
     * @return the network's score (mean loss) on it
     */
    public static double score(NeuralNetwork net, DataSet ds) {
        if (net instanceof MultiLayerNetwork m) {
            return m.score(ds);
        }
        return ((ComputationGraph) net).score(ds);
    }

    private static INDArray output(NeuralNetwork net, INDArray x) {
        if (net instanceof MultiLayerNetwork m) {
            return m.output(x);
        }
        return ((ComputationGraph) net).outputSingle(x);
    }
}
