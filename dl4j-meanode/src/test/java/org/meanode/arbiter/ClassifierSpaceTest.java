package org.meanode.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A {@link MeanOdeResNetSpace} of classifiers: its candidates carry the output and the trainable
 * embedding and readout, and the space survives its JSON round trip with them.
 */
class ClassifierSpaceTest {

    @Test
    void outputAndTrainableMapsReachTheCandidatesAndSurviveJson() {
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(4).nOut(3).embeddingDim(6).depth(2).width(2)
                .learningRate(2.0).output(new ActivationSoftmax(), new LossMCXENT())
                .trainableEmbedding(true).trainableReadout(true).numEpochs(2).seed(3).build();
        MeanOdeResNet spec = space.spec(new double[0]);
        assertInstanceOf(LossMCXENT.class, spec.getLossFunction());
        assertInstanceOf(ActivationSoftmax.class, spec.getOutputActivation());
        assertTrue(spec.isTrainableEmbedding() && spec.isTrainableReadout());
        String json = space.toJson();
        assertTrue(json.contains("trainableEmbedding") && json.contains("LossMCXENT"), json);
        MeanOdeResNetSpace back = MeanOdeResNetSpace.fromJson(json);
        assertEquals(space, back);
        assertEquals(spec, back.spec(new double[0]));
        MeanOdeResNetSpace plain = MeanOdeResNetSpace.builder().nIn(4).nOut(3).embeddingDim(6).depth(2).width(2)
                .learningRate(2.0).numEpochs(2).seed(3).build();
        assertNotEquals(space, plain);
    }
}
