package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.data.TrainTestSplit;
import org.meanode.data.VendoredDataset;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL1;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * MeanOdeResNet with a user's output: the loss layer carries the given activation and loss (MSE
 * and identity by default), gradients are right through softmax + MCXENT and sigmoid + binary XENT
 * (GradientCheckUtil, double), the configuration survives JSON and ModelSerializer, and a classifier
 * trains with mini-batches from a {@link DataSetIterator} and is evaluated with
 * {@code net.evaluate(iterator)} on real data (the vendored wine set: 142 training, 36 test
 * examples, 3 classes; a few epochs must beat 80% test accuracy, where chance is about 40%).
 */
class ClassifierOutputTest {
    @TempDir
    Path tmp;

    private static MeanOdeResNet.Builder base() {
        return MeanOdeResNet.builder().nIn(4).nOut(3).embeddingDim(6).depth(3).width(2).seed(5);
    }

    @Test
    void defaultIsMseWithIdentityAndOutputIsConfigurable() {
        MeanOdeResNet d = base().build();
        assertInstanceOf(LossMSE.class, d.getLossFunction());
        assertInstanceOf(ActivationIdentity.class, d.getOutputActivation());
        LossLayer last = (LossLayer) d.multiLayerConfiguration().getConf(3).getLayer();
        assertInstanceOf(LossMSE.class, last.getLossFn());
        MeanOdeResNet c = base().output(Activation.SOFTMAX, LossFunction.MCXENT).build();
        LossLayer cl = (LossLayer) c.multiLayerConfiguration().getConf(3).getLayer();
        assertInstanceOf(LossMCXENT.class, cl.getLossFn());
        assertInstanceOf(ActivationSoftmax.class, cl.getActivationFn());
        MeanOdeResNet h = base().output(new ActivationIdentity(), new LossL1()).build();
        assertInstanceOf(LossL1.class, ((LossLayer) ((LayerVertex) h.graphConfiguration().getVertices()
                .get(MeanOdeResNet.LOSS)).getLayerConf().getLayer()).getLossFn());
        assertTrue(!c.equals(d) && !c.toString().equals(d.toString()), "the output is part of the spec");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base().output(null, new LossMSE()));
        assertTrue(e.getMessage().contains("output.activation"), e.getMessage());
    }

    @Test
    void gradientsAreRightThroughSoftmaxCrossEntropyAndSigmoidXent() {
        DataType saved = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4).subi(0.5);
            INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 5, 3);
            INDArray multi = Nd4j.zeros(DataType.DOUBLE, 5, 3);
            for (int i = 0; i < 5; i++) {
                oneHot.putScalar(i, i % 3, 1);
                multi.putScalar(i, i % 3, 1);
                multi.putScalar(i, (i + 1) % 3, 1);
            }
            for (boolean softmax : new boolean[] {true, false}) {
                MultiLayerNetwork net = base().output(softmax ? new ActivationSoftmax() : new ActivationSigmoid(),
                                softmax ? new LossMCXENT() : new LossBinaryXENT()).trainableEmbedding(true).trainableReadout(true)
                        .dataType(DataType.DOUBLE).updater(new NoOp()).build().multiLayerNetwork();
                boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                        .labels(softmax ? oneHot : multi).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                        .print(GradientCheckUtil.PrintMode.FAILURES_ONLY).exitOnFirstError(false));
                assertTrue(ok, (softmax ? "softmax + MCXENT" : "sigmoid + binary XENT") + ": gradient check failed");
            }
        } finally {
            Nd4j.setDefaultDataTypes(saved, savedFloat);
        }
    }

    @Test
    void jsonAndModelSerializerKeepTheOutput() throws IOException {
        MeanOdeResNet spec = base().output(Activation.SOFTMAX, LossFunction.MCXENT).build();
        MultiLayerConfiguration conf = spec.multiLayerConfiguration();
        assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()));
        MultiLayerNetwork net = spec.multiLayerNetwork();
        File f = tmp.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, f, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(f, true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4);
        assertEquals(net.output(x), back.output(x));
        assertEquals(3.0, back.output(x).sumNumber().doubleValue(), 1e-5, "softmax rows sum to 1");
    }

    @Test
    void classifierTrainsOnMiniBatchesAndEvaluatesLikeDl4j() {
        TrainTestSplit split = TrainTestSplit.of(VendoredDataset.WINE, 0.2, 3);
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(13).nOut(3).embeddingDim(8).depth(4).width(4)
                .output(Activation.SOFTMAX, LossFunction.MCXENT).trainableEmbedding(true).trainableReadout(true)
                .learningRate(1.0).seed(2).build();
        MultiLayerNetwork net = spec.multiLayerNetwork();
        DataSet train = split.train(DataType.FLOAT);
        double before = net.score(train);
        DataSetIterator it = split.trainIterator(16, 9);
        net.fit(it, 8);
        double after = net.score(train);
        Evaluation ev = net.evaluate(split.testIterator(10));
        assertEquals(36, ev.getNumRowCounter(), 0, "every test example evaluated");
        assertTrue(after < 0.5 * before, "mini-batch training lowers the loss: " + before + " → " + after);
        assertTrue(ev.accuracy() > 0.8, "test accuracy " + ev.accuracy() + "\n" + ev.stats());
        ComputationGraph g = spec.computationGraph();
        g.fit(split.trainIterator(16, 9), 8);
        Evaluation eg = g.evaluate(split.testIterator(10));
        assertTrue(eg.accuracy() > 0.8, "graph: test accuracy " + eg.accuracy());
    }
}
