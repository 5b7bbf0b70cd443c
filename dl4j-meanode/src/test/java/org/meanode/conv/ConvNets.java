package org.meanode.conv;

import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small convolutional networks with scaled residual conv stacks, shared by the conv tests. */
final class ConvNets {
    private ConvNets() {
    }

    static NeuralNetConfiguration.Builder base(IUpdater updater, WorkspaceMode ws, DataType dt) {
        return new NeuralNetConfiguration.Builder().seed(11).dataType(dt).updater(updater).trainingWorkspaceMode(ws)
                .inferenceWorkspaceMode(ws);
    }

    static ScaledResidualStack stack(ConvUnit u, int depth, int width, double alpha) {
        return new ScaledResidualStack.Builder().unit(u).depth(depth).width(width).alpha(alpha).seed(5).build();
    }

    static ScaledResidualBlock block(ConvUnit u, int depth, int width, double alpha, long seed) {
        return new ScaledResidualBlock.Builder().unit(u).depth(depth).width(width).alpha(alpha).seed(seed).build();
    }

    static LossLayer mse() {
        return new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build();
    }

    /** Input C×H×W → stack → MSE on the flattened state. */
    static MultiLayerNetwork stackMse(ConvUnit u, int depth, int width, double alpha, IUpdater upd, WorkspaceMode ws,
                                      DataType dt) {
        MultiLayerNetwork net = new MultiLayerNetwork(base(upd, ws, dt).list().layer(stack(u, depth, width, alpha))
                .layer(mse()).setInputType(InputType.convolutional(u.getHeight(), u.getWidth(), u.getChannels())).build());
        net.init();
        return net;
    }

    /** Same as {@link #stackMse} as a ComputationGraph. */
    static ComputationGraph stackMseGraph(ConvUnit u, int depth, int width, double alpha, IUpdater upd, WorkspaceMode ws,
                                          DataType dt) {
        ComputationGraph g = new ComputationGraph(base(upd, ws, dt).graphBuilder().addInputs("in")
                .addLayer("stack", stack(u, depth, width, alpha), "in").addLayer("loss", mse(), "stack")
                .setOutputs("loss").setInputTypes(InputType.convolutional(u.getHeight(), u.getWidth(), u.getChannels()))
                .build());
        g.init();
        return g;
    }

    /** A classifier: 1×H×W image → 3×3 convolution to C channels (same) → conv stack → average pooling → softmax. */
    static MultiLayerNetwork classifier(ConvUnit u, int depth, int width, int classes, IUpdater upd, WorkspaceMode ws,
                                        DataType dt, boolean fused) {
        var list = base(upd, ws, dt).list().layer(new ConvolutionLayer.Builder(3, 3).nOut(u.getChannels())
                .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH).build());
        if (fused) {
            list.layer(stack(u, depth, width, 1.0));
        } else {
            for (int l = 0; l < depth; l++) {
                list.layer(block(u, depth, width, 1.0, 20 + l));
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(u.getHeight(), u.getWidth(), 1)).build());
        net.init();
        return net;
    }

    /** {@link #classifier} as a ComputationGraph (fused stack). */
    static ComputationGraph classifierGraph(ConvUnit u, int depth, int width, int classes, IUpdater upd, WorkspaceMode ws,
                                            DataType dt) {
        ComputationGraph g = new ComputationGraph(base(upd, ws, dt).graphBuilder().addInputs("in")
                .addLayer("stem", new ConvolutionLayer.Builder(3, 3).nOut(u.getChannels())
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH).build(), "in")
                .addLayer("stack", stack(u, depth, width, 1.0), "stem")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "stack")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out").setInputTypes(InputType.convolutional(u.getHeight(), u.getWidth(), 1)).build());
        g.init();
        return g;
    }

    /** @return [n, c, h, w] of N(0, 1) draws from java.util.Random(seed) */
    static double[][][][] images(long seed, int n, int c, int h, int w) {
        Random r = new Random(seed);
        double[][][][] x = new double[n][c][h][w];
        for (double[][][] a : x) {
            for (double[][] b : a) {
                for (double[] row : b) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = r.nextGaussian();
                    }
                }
            }
        }
        return x;
    }

    static INDArray nd(double[][][][] x, DataType dt) {
        int n = x.length;
        int c = x[0].length;
        int h = x[0][0].length;
        int w = x[0][0][0].length;
        double[] flat = new double[n * c * h * w];
        int i = 0;
        for (double[][][] a : x) {
            for (double[][] b : a) {
                for (double[] row : b) {
                    for (double e : row) {
                        flat[i++] = e;
                    }
                }
            }
        }
        return Nd4j.create(flat, new long[] {n, c, h, w}, DataType.DOUBLE).castTo(dt);
    }

    /** @return one-hot labels [n, classes], class of example i = i mod classes */
    static INDArray oneHot(int n, int classes, DataType dt) {
        INDArray y = Nd4j.zeros(dt, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return y;
    }
}
