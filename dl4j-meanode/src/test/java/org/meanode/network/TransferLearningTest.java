package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.testutil.Arrays2;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J's transfer-learning API works on the plugin's networks: freezing the embedding and the
 * stack with {@code setFeatureExtractor} keeps their parameters exactly (DL4J's FrozenLayer
 * wraps our runtimes), and a new readout for another output size trains on top.
 */
class TransferLearningTest {
    @Test
    void featureExtractorFreezesStackAndNewReadoutTrains() {
        MultiLayerNetwork base = MeanOdeResNet.builder().nIn(4).nOut(3).embeddingDim(6).depth(5).width(3)
                .dataType(DataType.DOUBLE).seed(8).build().multiLayerNetwork();
        MultiLayerNetwork tl = new TransferLearning.Builder(base)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Sgd(0.5)).build())
                .setFeatureExtractor(1) // embedding (0) and stack (1) frozen
                .removeLayersFromOutput(2)
                .addLayer(new MeanOdeReadout.Builder().nIn(6).nOut(2).trainable(true).build())
                .addLayer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .build();
        INDArray stackBefore = tl.getLayer(1).params().dup();
        INDArray readoutBefore = tl.getLayer(2).params().dup();
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(1, 10, 4)), Arrays2.nd(Arrays2.gaussian(2, 10, 2)));
        double before = tl.score(ds);
        for (int k = 0; k < 5; k++) {
            tl.fit(ds);
        }
        assertEquals(stackBefore, tl.getLayer(1).params(), "frozen stack moved");
        assertNotEquals(readoutBefore, tl.getLayer(2).params(), "new readout did not train");
        double after = tl.score(ds);
        org.junit.jupiter.api.Assertions.assertTrue(after < before, "loss " + before + " -> " + after);
    }
}
