package org.meanode.examples.bench;

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
import org.meanode.layers.MeanOdeEmbeddingLayer;
import org.meanode.layers.MeanOdeReadoutLayer;
import org.meanode.network.ResNetWeights;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The network of MODEL.md built from stock DL4J parts, as a competent DL4J user would write it
 * without this plugin: the benchmark's baseline. Per block l, with h : [N, D],
 * <pre>
 *   "b{l}_in"    DenseLayer D→M, tanh, no bias, W = U_l/D (the 1/D folded in: init N(0, σ_u²/D²))
 *   "b{l}_out"   DenseLayer M→D, identity, no bias, W = V_lᵀ (init N(0, σ_v²))
 *   "b{l}_scale" ScaleVertex(α/(L·M))
 *   "b{l}_add"   ElementWiseVertex(Add) of the block input and "b{l}_scale"
 * </pre>
 * with the plugin's frozen {@link MeanOdeEmbedding} and {@link MeanOdeReadout}, an MSE
 * {@link LossLayer}, and Sgd. Per-layer rates reproduce the paper's step (MODEL.md: U ← U −
 * η·L·M·D/(2α²)·∂J/∂U, same for V): η·L·M/(2α²·D) on "b{l}_in" (W = U/D) and
 * η·L·M·D/(2α²) on "b{l}_out", so that, given the same weights, this graph trains exactly like
 * {@code MeanOdeResNet} (checked in double precision by the tests).
 */
public final class StockResNetGraph {
    private StockResNetGraph() {
    }

    /**
     * Builds and initialises the graph in the complete regime's init (σ_u = σ_v = √D).
     *
     * @param nIn          d_in
     * @param nOut         d_out
     * @param embeddingDim D
     * @param depth        L
     * @param width        M
     * @param alpha        α
     * @param learningRate base rate η
     * @param seed         DL4J seed of the initial weights
     * @param dataType     FLOAT or DOUBLE
     * @return the initialised graph, input "input", output "loss"
     */
    public static ComputationGraph build(int nIn, int nOut, int embeddingDim, int depth, int width, double alpha,
                                         double learningRate, long seed, DataType dataType) {
        double d = embeddingDim;
        double sigma = Math.sqrt(d);
        double lm = (double) depth * width;
        Sgd inRate = new Sgd(learningRate * lm / (2 * alpha * alpha * d));
        Sgd outRate = new Sgd(learningRate * lm * d / (2 * alpha * alpha));
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(dataType).updater(new Sgd(learningRate)).miniBatch(true)
                .graphBuilder().addInputs("input")
                .addLayer("embedding", new MeanOdeEmbedding.Builder().nIn(nIn).nOut(embeddingDim).build(), "input");
        String prev = "embedding";
        for (int l = 0; l < depth; l++) {
            String b = "b" + l;
            gb.addLayer(b + "_in", new DenseLayer.Builder().nIn(embeddingDim).nOut(width).hasBias(false)
                    .activation(Activation.TANH).weightInit(new NormalDistribution(0, sigma / d)).updater(inRate).build(), prev);
            gb.addLayer(b + "_out", new DenseLayer.Builder().nIn(width).nOut(embeddingDim).hasBias(false)
                    .activation(Activation.IDENTITY).weightInit(new NormalDistribution(0, sigma)).updater(outRate).build(),
                    b + "_in");
            gb.addVertex(b + "_scale", new ScaleVertex(alpha / lm), b + "_out");
            gb.addVertex(b + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), prev, b + "_scale");
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
     * Copies weights in the paper's layout into a graph built by {@link #build}: W_E, W_U, and per
     * block W_in = U_l/D, W_out = V_lᵀ.
     *
     * @param w     weights, e.g. {@code ResNetWeights.readFrom(meanOdeNet)}
     * @param graph the destination, same sizes
     */
    public static void copyWeights(ResNetWeights w, ComputationGraph graph) {
        ((MeanOdeEmbeddingLayer) graph.getLayer("embedding")).setEmbeddingMatrix(w.getEmbedding());
        ((MeanOdeReadoutLayer) graph.getLayer("readout")).setReadoutMatrix(w.getReadout());
        long d = w.getU().size(0);
        for (int l = 0; l < w.getU().size(2); l++) {
            INDArray u = w.getU().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(l));
            INDArray v = w.getV().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(l));
            graph.getLayer("b" + l + "_in").getParam("W").assign(u.div(d));
            graph.getLayer("b" + l + "_out").getParam("W").assign(v.transpose());
        }
    }
}
