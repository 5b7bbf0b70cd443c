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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.layers.MeanOdeEmbeddingLayer;
import org.meanode.layers.MeanOdeReadoutLayer;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ResNetWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
 *
 * <p>{@link #fused} builds the same network, exactly, from the plugin's fused stack, which trains
 * ~10× faster at large L: with W_in = U/D and W_out = Vᵀ/D, the naive block c·tanh(h W_in) W_out
 * is the plugin's (α/(L·M))·tanh(hU/D) Vᵀ when α = L·M·c/D; its inits N(0, 1/D) and N(0, 1/M)
 * are σ_u = √D and σ_v = D/√M; and plain SGD with rate η on W_in and on W_out is SGD with rate
 * η·D² on U and on V (both maps divide by D), which the plugin's rule L·M·D/(2α²) gives for the
 * base rate 2·η·D·α²/(L·M). The transfer tests check both builds train identically in double
 * precision.
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

    /**
     * The network of {@link #build} as a fused {@link MeanOdeResNet} (see the class comment).
     *
     * @param nIn          d_in
     * @param nOut         d_out
     * @param embeddingDim D
     * @param depth        L
     * @param width        M
     * @param multiplier   the residual multiplier c
     * @param learningRate η for every weight of the naive parametrization
     * @param seed         seed of every initial weight
     * @param dataType     FLOAT or DOUBLE
     * @return the initialised network
     */
    public static MultiLayerNetwork fused(int nIn, int nOut, int embeddingDim, int depth, int width, double multiplier,
                                          double learningRate, long seed, DataType dataType) {
        double d = embeddingDim;
        double alpha = depth * width * multiplier / d;
        return MeanOdeResNet.builder().nIn(nIn).nOut(nOut).embeddingDim(embeddingDim).depth(depth).width(width)
                .alpha(alpha).sigmaU(Math.sqrt(d)).sigmaV(d / Math.sqrt(width))
                .learningRate(2 * learningRate * d * alpha * alpha / ((double) depth * width))
                .seed(seed).dataType(dataType).build().multiLayerNetwork();
    }

    /**
     * Copies the weights of a {@link #fused} network into a graph of {@link #build} with the same
     * sizes: W_E, W_U, and per block W_in = U_l/D, W_out = V_lᵀ/D.
     *
     * @param fused the source
     * @param graph the destination
     */
    public static void copyWeights(MultiLayerNetwork fused, ComputationGraph graph) {
        ResNetWeights w = ResNetWeights.readFrom(fused);
        ((MeanOdeEmbeddingLayer) graph.getLayer("embedding")).setEmbeddingMatrix(w.getEmbedding());
        ((MeanOdeReadoutLayer) graph.getLayer("readout")).setReadoutMatrix(w.getReadout());
        long d = w.getU().size(0);
        for (int l = 0; l < w.getU().size(2); l++) {
            INDArray u = w.getU().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(l));
            INDArray v = w.getV().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(l));
            graph.getLayer("b" + l + "_in").getParam("W").assign(u.div(d));
            graph.getLayer("b" + l + "_out").getParam("W").assign(v.transpose().div(d));
        }
    }
}
