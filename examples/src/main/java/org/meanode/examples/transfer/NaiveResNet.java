package org.meanode.examples.transfer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.conf.MeanOdeReadout;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A ResNet as a DL4J user writes it without this plugin, the control of the transfer command:
 * per block l, with h : [N, D],
 * <pre>
 *   "b{l}_in"  DenseLayer D→M, tanh, no bias, W ~ N(0, 1/D)       (standard fan-in init)
 *   "b{l}_out" DenseLayer M→D, identity, no bias, W ~ N(0, 1/M)
 *   h ← h + c · b{l}_out(b{l}_in(h))                               c = 1/√L or 1
 * </pre>
 * between the plugin's frozen embedding and readout (the same as in the plugin's networks, so
 * only the residual part differs), MSE loss, and one plain {@code Sgd(η)} for every weight: no
 * per-parameter rate rule.
 */
public final class NaiveResNet {
    private NaiveResNet() {
    }

    /**
     * @param nIn          d_in
     * @param nOut         d_out
     * @param embeddingDim D
     * @param depth        L
     * @param width        M
     * @param multiplier   the residual multiplier c
     * @param learningRate η for every weight
     * @param seed         seed of every initial weight
     * @param dataType     FLOAT or DOUBLE
     * @return the initialised graph (input "input", output "loss")
     */
    public static ComputationGraph build(int nIn, int nOut, int embeddingDim, int depth, int width, double multiplier,
                                         double learningRate, long seed, DataType dataType) {
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(dataType).updater(new Sgd(learningRate)).miniBatch(true)
                .graphBuilder().addInputs("input")
                .addLayer("embedding", new MeanOdeEmbedding.Builder().nIn(nIn).nOut(embeddingDim).build(), "input");
        String prev = "embedding";
        for (int l = 0; l < depth; l++) {
            String b = "b" + l;
            gb.addLayer(b + "_in", new DenseLayer.Builder().nIn(embeddingDim).nOut(width).hasBias(false)
                    .activation(Activation.TANH).weightInit(new NormalDistribution(0, 1 / Math.sqrt(embeddingDim))).build(), prev);
            gb.addLayer(b + "_out", new DenseLayer.Builder().nIn(width).nOut(embeddingDim).hasBias(false)
                    .activation(Activation.IDENTITY).weightInit(new NormalDistribution(0, 1 / Math.sqrt(width))).build(),
                    b + "_in");
            String branch = b + "_out";
            if (multiplier != 1.0) {
                gb.addVertex(b + "_scale", new ScaleVertex(multiplier), b + "_out");
                branch = b + "_scale";
            }
            gb.addVertex(b + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), prev, branch);
            prev = b + "_add";
        }
        gb.addLayer("readout", new MeanOdeReadout.Builder().nIn(embeddingDim).nOut(nOut).build(), prev)
                .addLayer("loss", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build(),
                        "readout")
                .setOutputs("loss")
                .setInputTypes(InputType.feedForward(nIn));
        ComputationGraph g = new ComputationGraph(gb.build());
        g.init();
        return g;
    }
}
