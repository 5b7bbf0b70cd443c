package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The embedding and the readout are linear: their activation is the identity (what DL4J's UI
 * shows), a configuration saved with DL4J's default sigmoid in it reads back as identity and computes
 * the same, and asking for another activation is an error rather than silently ignored.
 */
class LinearLayerActivationTest {

    private static MultiLayerNetwork network() {
        return MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(2).dataType(DataType.DOUBLE)
                .seed(5).build().multiLayerNetwork();
    }

    @Test
    void embeddingAndReadoutReportIdentity() {
        MultiLayerConfiguration conf = network().getLayerWiseConfigurations();
        assertInstanceOf(ActivationIdentity.class, ((MeanOdeEmbedding) conf.getConf(0).getLayer()).getActivationFn());
        assertInstanceOf(ActivationIdentity.class, ((MeanOdeReadout) conf.getConf(2).getLayer()).getActivationFn());
        assertInstanceOf(ActivationIdentity.class, new MeanOdeEmbedding.Builder().nIn(3).nOut(4).build().getActivationFn());
    }

    @Test
    void configurationSavedWithSigmoidReadsBackAsIdentityAndComputesTheSame() {
        MultiLayerNetwork net = network();
        String json = net.getLayerWiseConfigurations().toJson();
        String identity = "org.nd4j.linalg.activations.impl.ActivationIdentity";
        assertTrue(json.contains(identity), "the JSON names the identity");
        // As saved before the fix: DL4J's default activation in the embedding's and readout's JSON.
        String old = json.replaceAll("(\"org\\.meanode\\.conf\\.MeanOde(Embedding|Readout)\",\\s*\"activationFn\" : \\{\\s*"
                + "\"@class\" : \")org\\.nd4j\\.linalg\\.activations\\.impl\\.ActivationIdentity",
                "$1org.nd4j.linalg.activations.impl.ActivationSigmoid");
        assertEquals(2, old.split("ActivationSigmoid", -1).length - 1, "sigmoid put into the embedding and the readout");
        assertNotEquals(json, old);
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(old);
        assertInstanceOf(ActivationIdentity.class, restored.getConf(0).getLayer() instanceof MeanOdeEmbedding e
                ? e.getActivationFn() : null);
        assertEquals(net.getLayerWiseConfigurations(), restored);
        MultiLayerNetwork again = new MultiLayerNetwork(restored);
        again.init(net.params().dup(), false);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3);
        assertEquals(net.output(x), again.output(x));
    }

    @Test
    void anotherActivationIsRejectedNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanOdeReadout.Builder().nIn(4).nOut(2).activation(Activation.RELU).build());
        assertTrue(e.getMessage().contains("MeanOdeReadout") && e.getMessage().contains("relu")
                && e.getMessage().contains("remove the .activation(..) call"), e.getMessage());
        new MeanOdeEmbedding.Builder().nIn(3).nOut(4).activation(Activation.IDENTITY).build(); // allowed
    }
}
