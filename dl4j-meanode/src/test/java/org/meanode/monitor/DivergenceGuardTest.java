package org.meanode.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * {@link DivergenceGuard} stops training at the first non-finite loss or parameter with a message
 * naming the iteration and the layer; without it (the control) the same runs end with NaN
 * parameters and no word.
 */
class DivergenceGuardTest {

    private static MeanOdeResNet spec(double eta) {
        return MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(6).depth(3).width(2).learningRate(eta)
                .dataType(DataType.FLOAT).seed(7).build();
    }

    private static DataSet data(boolean nanInput) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 4).subi(0.5);
        if (nanInput) {
            x.putScalar(3, 1, Double.NaN);
        }
        return new DataSet(x, Nd4j.rand(DataType.FLOAT, 16, 2));
    }

    @Test
    void hugeLearningRateStopsAtTheFirstNonFiniteValueNamingIterationAndLayer() {
        Nd4j.getRandom().setSeed(1);
        DataSet ds = data(false);
        MultiLayerNetwork control = spec(1e6).multiLayerNetwork();
        for (int k = 0; k < 20; k++) {
            control.fit(ds); // silently
        }
        assertTrue(BooleanIndexing.or(control.params(), Conditions.notFinite()), "control: η = 1e6 must diverge; score "
                + control.score() + ", max |θ| " + control.params().amaxNumber());

        MultiLayerNetwork net = spec(1e6).multiLayerNetwork();
        net.addListeners(new DivergenceGuard());
        DivergenceException e = assertThrows(DivergenceException.class, () -> {
            for (int k = 0; k < 20; k++) {
                net.fit(ds);
            }
        });
        assertTrue(e.getMessage().startsWith("diverged: training loss"), e.getMessage());
        assertTrue(e.getMessage().contains("at iteration " + e.iteration()), e.getMessage());
        assertTrue(e.iteration() < 20, e.getMessage());
        assertTrue(e.layerIndex() >= 0 && e.parameter() != null, e.getMessage());
        assertTrue(e.getMessage().contains("of layer " + e.layerIndex() + " (" + e.layerName() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    }

    @Test
    void nanInputsStopTrainingInAGraphToo() {
        Nd4j.getRandom().setSeed(2);
        ComputationGraph g = spec(0.1).computationGraph();
        g.addListeners(new DivergenceGuard(5));
        DivergenceException e = assertThrows(DivergenceException.class, () -> g.fit(data(true)));
        assertEquals(0, e.iteration());
        assertFalse(Double.isFinite(e.score()), e.getMessage());
        assertNotNull(e.layerName(), e.getMessage());
    }

    @Test
    void finiteTrainingIsLeftAloneAndBadFrequenciesAreNamed() {
        Nd4j.getRandom().setSeed(3);
        MultiLayerNetwork net = spec(0.1).multiLayerNetwork();
        net.addListeners(new DivergenceGuard());
        DataSet ds = data(false);
        double before = net.score(ds);
        for (int k = 0; k < 10; k++) {
            net.fit(ds);
        }
        assertTrue(net.score(ds) < before);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DivergenceGuard(0));
        assertTrue(e.getMessage().contains("frequency = 0"), e.getMessage());
    }
}
