package org.meanode.examples.cnn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The two small CNNs of {@code meanode cnn}, for 1×8×8 images given as flat rows of 64 pixels
 * (input type {@code convolutionalFlat(8, 8, 1)}): a 3×3 stem convolution to C channels (same
 * padding, tanh), a residual part of L blocks of M units, a pooling ({@link Pooling}: 2×2 average
 * subsampling to C×4×4 by default, or global average pooling to C) and a softmax output over 10
 * classes, trained with Sgd(η).
 * <ul>
 *   <li>{@link #scaled}: the residual part is one ScaledResidualStack of {@link ConvUnit}s (3×3,
 *       the plugin's α/(L·M) scaling and learning-rate rule at the base rate η); the stem and the
 *       output layer, stock DL4J layers outside that rule, have their own rates (the stem frozen
 *       by default in {@code meanode cnn}; see {@link #scaled});</li>
 *   <li>{@link #stock}: a stock DL4J ResNet in the standard parametrization: per block a 3×3
 *       ConvolutionLayer C→M (tanh, no bias), a 1×1 ConvolutionLayer M→C (no bias) and an
 *       identity skip (ElementWiseVertex Add), DL4J's default (Xavier) init and the plain rate η
 *       for every layer, stem included.</li>
 * </ul>
 * The stem and output layers draw from the network seed; the scaled stack has its own seed, so
 * networks that differ only in {@code stackSeed} share stem and readout.
 */
final class DigitsCnn {
    static final int SIDE = 8;
    static final int CLASSES = 10;

    private DigitsCnn() {
    }

    /** The pooling between the residual part and the softmax output. */
    enum Pooling {
        /** 2×2 average subsampling, stride 2: the output layer sees C×4×4 features and where they are. */
        AVG2,
        /** Global average pooling: the output layer sees C features, position discarded. */
        GLOBAL;

        org.deeplearning4j.nn.conf.layers.Layer layer() {
            return this == AVG2 ? new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2).build()
                    : new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
        }
    }

    /** @param stemUpdater the stem's own updater, or null for the network's Sgd(η) */
    private static ComputationGraphConfiguration.GraphBuilder head(long seed, double eta, int channels, IUpdater stemUpdater) {
        ConvolutionLayer.Builder stem = new ConvolutionLayer.Builder(3, 3).nOut(channels)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH);
        if (stemUpdater != null) {
            stem.updater(stemUpdater);
        }
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT).updater(new Sgd(eta))
                .graphBuilder().addInputs("in").addLayer("stem", stem.build(), "in");
    }

    /** @param readoutUpdater the output layer's own updater, or null for the network's Sgd(η) */
    private static ComputationGraph tail(ComputationGraphConfiguration.GraphBuilder b, String last, Pooling pooling,
                                         IUpdater readoutUpdater) {
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                .activation(Activation.SOFTMAX);
        if (readoutUpdater != null) {
            out.updater(readoutUpdater);
        }
        ComputationGraph g = new ComputationGraph(b
                .addLayer("pool", pooling.layer(), last)
                .addLayer("out", out.build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutionalFlat(SIDE, SIDE, 1)).build());
        g.init();
        return g;
    }

    /**
     * @param eta        base rate η of the stack (the plugin multiplies it per parameter)
     * @param stemEta    the stem's own Sgd rate; 0 freezes it (NoOp updater: a fixed random 3×3
     *                   convolution, as MODEL.md's frozen embedding W_E)
     * @param readoutEta the output layer's own Sgd rate
     */
    static ComputationGraph scaled(int channels, int depth, int width, Pooling pooling, double eta, double stemEta,
                                   double readoutEta, long seed, long stackSeed) {
        ConvUnit unit = new ConvUnit(channels, SIDE, SIDE, 3);
        IUpdater stem = stemEta == 0 ? new NoOp() : new Sgd(stemEta);
        return tail(head(seed, eta, channels, stem).addLayer("stack", new ScaledResidualStack.Builder().unit(unit).depth(depth)
                .width(width).seed(stackSeed).build(), "stem"), "stack", pooling, new Sgd(readoutEta));
    }

    static ComputationGraph stock(int channels, int depth, int width, Pooling pooling, double eta, long seed) {
        ComputationGraphConfiguration.GraphBuilder b = head(seed, eta, channels, null);
        String prev = "stem";
        for (int l = 0; l < depth; l++) {
            b.addLayer("b" + l + "_in", new ConvolutionLayer.Builder(3, 3).nOut(width).convolutionMode(ConvolutionMode.Same)
                    .hasBias(false).activation(Activation.TANH).build(), prev);
            b.addLayer("b" + l + "_out", new ConvolutionLayer.Builder(1, 1).nOut(channels).hasBias(false)
                    .activation(Activation.IDENTITY).build(), "b" + l + "_in");
            b.addVertex("b" + l + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), prev, "b" + l + "_out");
            prev = "b" + l + "_add";
        }
        return tail(b, prev, pooling, null);
    }
}
