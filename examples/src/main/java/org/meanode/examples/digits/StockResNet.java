package org.meanode.examples.digits;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The classifier ResNet as a DL4J user writes it without this plugin, in the standard
 * parametrization: every layer Xavier-initialised with a bias, one global {@code Sgd(η)}, plain
 * identity skips. With h : [N, D]:
 * <pre>
 *   "embedding"  DenseLayer d_in→D, identity
 *   per block l: "b{l}_in" DenseLayer D→M, tanh;  "b{l}_out" DenseLayer M→D, identity;
 *                "b{l}_add" ElementWiseVertex(Add) of the block input and "b{l}_out"
 *   "output"     OutputLayer D→d_out, softmax, MCXENT
 * </pre>
 * The same shape as the plugin's classifier (trainable embedding, L two-layer tanh blocks of width M,
 * trainable readout, softmax + cross-entropy); only the parametrization differs.
 */
public final class StockResNet {
    private StockResNet() {
    }

    /**
     * @param nIn          d_in
     * @param nOut         classes
     * @param embeddingDim D
     * @param depth        L
     * @param width        M
     * @param learningRate η for every weight and bias
     * @param seed         seed of the initial weights
     * @return the configuration (input "input", output "output")
     */
    public static ComputationGraphConfiguration configuration(int nIn, int nOut, int embeddingDim, int depth, int width,
                                                              double learningRate, long seed) {
        ComputationGraphConfiguration.GraphBuilder gb = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new Sgd(learningRate)).weightInit(WeightInit.XAVIER)
                .miniBatch(true).graphBuilder().addInputs("input")
                .addLayer("embedding", new DenseLayer.Builder().nIn(nIn).nOut(embeddingDim).activation(Activation.IDENTITY)
                        .build(), "input");
        String prev = "embedding";
        for (int l = 0; l < depth; l++) {
            String b = "b" + l;
            gb.addLayer(b + "_in", new DenseLayer.Builder().nIn(embeddingDim).nOut(width).activation(Activation.TANH).build(), prev);
            gb.addLayer(b + "_out", new DenseLayer.Builder().nIn(width).nOut(embeddingDim).activation(Activation.IDENTITY)
                    .build(), b + "_in");
            gb.addVertex(b + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), prev, b + "_out");
            prev = b + "_add";
        }
        gb.addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(embeddingDim).nOut(nOut)
                        .activation(Activation.SOFTMAX).build(), prev)
                .setOutputs("output")
                .setInputTypes(InputType.feedForward(nIn));
        return gb.build();
    }

    /**
     * @return the initialised graph of {@link #configuration}
     */
    public static ComputationGraph build(int nIn, int nOut, int embeddingDim, int depth, int width, double learningRate,
                                         long seed) {
        ComputationGraph g = new ComputationGraph(configuration(nIn, nOut, embeddingDim, depth, width, learningRate, seed));
        g.init();
        return g;
    }
}
