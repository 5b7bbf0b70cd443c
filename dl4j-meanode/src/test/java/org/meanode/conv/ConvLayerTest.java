package org.meanode.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The conv stack as a DL4J layer: JSON and ModelSerializer round trips (outputs and further
 * training identical after restore), a stack equal bit for bit to L blocks (float32 and double),
 * clear errors for bad shapes, and a network that mixes it with ConvolutionLayer,
 * BatchNormalization, SubsamplingLayer (a second conv stack at the pooled size),
 * GlobalPoolingLayer and OutputLayer and trains.
 */
class ConvLayerTest {
    @TempDir
    Path tmp;

    private static MultiLayerNetwork mixed(WorkspaceMode ws) {
        ConvUnit big = new ConvUnit(4, 6, 6, 3);
        ConvUnit small = new ConvUnit(4, 3, 3, 3, new ActivationSoftPlus(), null, null);
        MultiLayerConfiguration conf = ConvNets.base(new Adam(0.01), ws, DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new ScaledResidualStack.Builder().unit(big).depth(3).width(5).checkpointing(true).seed(1).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ScaledResidualStack.Builder().unit(small).depth(2).width(3).seed(2).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutional(6, 6, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet data(int n, DataType dt) {
        return new DataSet(ConvNets.nd(ConvNets.images(9, n, 1, 6, 6), dt), ConvNets.oneHot(n, 3, dt));
    }

    @Test
    void trainsNextToDl4jConvolutionalLayers() {
        for (WorkspaceMode ws : new WorkspaceMode[] {WorkspaceMode.ENABLED, WorkspaceMode.NONE}) {
            MultiLayerNetwork net = mixed(ws);
            DataSet ds = data(12, DataType.FLOAT);
            double before = net.score(ds);
            for (int i = 0; i < 30; i++) {
                net.fit(ds);
            }
            double after = net.score(ds);
            assertTrue(after < 0.7 * before, ws + ": loss " + before + " -> " + after);
            assertArrayEquals(new long[] {12, 3}, net.output(ds.getFeatures()).shape());
        }
    }

    @Test
    void jsonAndModelSerializerRoundTrips() throws Exception {
        MultiLayerNetwork net = mixed(WorkspaceMode.ENABLED);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(net.getLayerWiseConfigurations(), back);
        assertEquals(MultiLayerConfiguration.fromYaml(net.getLayerWiseConfigurations().toYaml()), back);
        DataSet ds = data(6, DataType.FLOAT);
        net.fit(ds);
        File f = tmp.resolve("conv.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertEquals(net.output(ds.getFeatures()), restored.output(ds.getFeatures()));
        net.fit(ds);
        restored.fit(ds);
        assertEquals(net.params(), restored.params(), "one more Adam step after restore");

        ComputationGraph g = ConvNets.classifierGraph(new ConvUnit(3, 5, 4, 3), 2, 3, 3, new Sgd(0.1),
                WorkspaceMode.ENABLED, DataType.FLOAT);
        ComputationGraphConfiguration gc = ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        assertEquals(g.getConfiguration(), gc);
        INDArray x = ConvNets.nd(ConvNets.images(2, 4, 1, 5, 4), DataType.FLOAT);
        File fg = tmp.resolve("graph.zip").toFile();
        ModelSerializer.writeModel(g, fg, true);
        ComputationGraph gr = ModelSerializer.restoreComputationGraph(fg, true);
        assertEquals(g.outputSingle(x), gr.outputSingle(x));
    }

    /** One fused stack of L blocks computes exactly what L blocks with the same weights compute. */
    @Test
    void stackEqualsBlocksBitForBit() {
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            ConvUnit u = new ConvUnit(3, 5, 4, 3);
            int depth = 4;
            MultiLayerNetwork stack = ConvNets.classifier(u, depth, 3, 3, new Sgd(0.05), WorkspaceMode.ENABLED, dt, true);
            MultiLayerNetwork blocks = ConvNets.classifier(u, depth, 3, 3, new Sgd(0.05), WorkspaceMode.ENABLED, dt, false);
            blocks.getLayer(0).setParams(stack.getLayer(0).params().dup());
            for (String key : new String[] {"U", "V"}) {
                INDArray w = stack.getLayer(1).getParam(key);
                for (int l = 0; l < depth; l++) {
                    blocks.getLayer(1 + l).getParam(key).assign(w.get(NDArrayIndex.point(l), NDArrayIndex.all(),
                            NDArrayIndex.all()));
                }
            }
            blocks.getLayer(depth + 2).setParams(stack.getLayer(3).params().dup());
            DataSet ds = new DataSet(ConvNets.nd(ConvNets.images(5, 6, 1, 5, 4), dt), ConvNets.oneHot(6, 3, dt));
            assertEquals(stack.output(ds.getFeatures()), blocks.output(ds.getFeatures()), dt + ": outputs");
            for (int s = 0; s < 3; s++) {
                stack.fit(ds);
                blocks.fit(ds);
            }
            for (String key : new String[] {"U", "V"}) {
                INDArray w = stack.getLayer(1).getParam(key);
                for (int l = 0; l < depth; l++) {
                    assertEquals(w.get(NDArrayIndex.point(l), NDArrayIndex.all(), NDArrayIndex.all()),
                            blocks.getLayer(1 + l).getParam(key), dt + ": " + key + " of block " + l + " after 3 steps");
                }
            }
            assertEquals(stack.output(ds.getFeatures()), blocks.output(ds.getFeatures()), dt + ": outputs after 3 steps");
        }
    }

    @Test
    void badShapesAreRejectedClearly() {
        IllegalArgumentException even = assertThrows(IllegalArgumentException.class, () -> new ConvUnit(2, 5, 5, 2));
        assertTrue(even.getMessage().contains("kernelSize = 2") && even.getMessage().contains("odd"), even.getMessage());
        IllegalArgumentException large = assertThrows(IllegalArgumentException.class, () -> new ConvUnit(2, 3, 4, 5));
        assertTrue(large.getMessage().contains("larger than the image 3×4"), large.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConvUnit(0, 3, 4, 1));

        ConvUnit u = new ConvUnit(2, 5, 4, 3);
        DL4JInvalidConfigException nhwc = assertThrows(DL4JInvalidConfigException.class, () -> ConvNets.base(new Sgd(0.1),
                WorkspaceMode.ENABLED, DataType.FLOAT).list().layer(ConvNets.stack(u, 2, 2, 1.0)).layer(ConvNets.mse())
                .setInputType(InputType.convolutional(5, 4, 2, CNN2DFormat.NHWC)).build());
        assertTrue(nhwc.getMessage().contains("NHWC") && nhwc.getMessage().contains("NCHW"), nhwc.getMessage());
        DL4JInvalidConfigException ff = assertThrows(DL4JInvalidConfigException.class, () -> ConvNets.base(new Sgd(0.1),
                WorkspaceMode.ENABLED, DataType.FLOAT).list().layer(ConvNets.stack(u, 2, 2, 1.0)).layer(ConvNets.mse())
                .setInputType(InputType.feedForward(40)).build());
        assertTrue(ff.getMessage().contains("convolutional input InputType.convolutional(5, 4, 2)"), ff.getMessage());
        DL4JInvalidConfigException shape = assertThrows(DL4JInvalidConfigException.class, () -> ConvNets.base(new Sgd(0.1),
                WorkspaceMode.ENABLED, DataType.FLOAT).list().layer(ConvNets.stack(u, 2, 2, 1.0)).layer(ConvNets.mse())
                .setInputType(InputType.convolutional(5, 4, 3)).build());
        assertTrue(shape.getMessage().contains("3×5×4 (C×H×W) differs from the unit's image 2×5×4"), shape.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualStack.Builder().unit(u).embeddingDim(41).depth(2).width(2).build());
        assertTrue(dim.getMessage().contains("embeddingDim D = 41 differs from C·H·W"), dim.getMessage());

        MultiLayerNetwork net = ConvNets.stackMse(u, 2, 2, 1.0, new Sgd(0.1), WorkspaceMode.ENABLED, DataType.FLOAT);
        INDArray nhwcArray = ConvNets.nd(ConvNets.images(1, 3, 5, 4, 2), DataType.FLOAT);
        DL4JInvalidInputException in = assertThrows(DL4JInvalidInputException.class, () -> net.output(nhwcArray));
        assertTrue(in.getMessage().contains("NHWC") && in.getMessage().contains("[minibatch, 2, 5, 4]"), in.getMessage());
    }
}
