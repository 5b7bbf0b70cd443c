package org.meanode.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.conf.GenericResidualStack;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.network.MeanOdeResNet;
import org.meanode.scaling.LearningRateRule;
import org.meanode.testutil.Arrays2;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/**
 * The generic layers as DL4J layers: per-parameter updaters follow the rule (Sgd: L·M·D/(2α²) ×
 * sgdFactor; Adam: initStd/α), the bias block is a DL4J bias (biasUpdater and bias
 * regularization apply to it, weight regularization does not), float32 training tracks double
 * training, and the memory report counts the parameters. Exact comparisons unless stated.
 */
class GenericLayerDl4jTest {

    private static ScaledResidualStack stack(double alpha) {
        return new GenericResidualStack.Builder().embeddingDim(8).depth(5).width(3).alpha(alpha)
                .unit(new TwoLayerBiasUnit()).build();
    }

    @Test
    void updatersFollowTheRatePerParameterBlock() {
        ScaledResidualStack s = stack(2.0);
        s.setIUpdater(new Sgd(0.1));
        double base = LearningRateRule.residualSgd(5, 3, 8, 2.0);
        assertEquals(0.1 * base, ((Sgd) s.getUpdaterByParam("U")).getLearningRate(), 1e-12);
        assertEquals(0.1 * base / 8, ((Sgd) s.getUpdaterByParam("b")).getLearningRate(), 1e-12);
        assertEquals(0.1 * base, ((Sgd) s.getUpdaterByParam("V")).getLearningRate(), 1e-12);
        s.setIUpdater(new Adam(0.01));
        assertEquals(0.01 * Math.sqrt(8) / 2.0, ((Adam) s.getUpdaterByParam("U")).getLearningRate(), 1e-12);
        assertEquals(0.01 * 1.0 / 2.0, ((Adam) s.getUpdaterByParam("b")).getLearningRate(), 1e-12);
    }

    @Test
    void biasBlockIsADl4jBias() {
        ScaledResidualStack s = stack(1.0);
        s.setIUpdater(new Sgd(0.1));
        s.setBiasUpdater(new NoOp());
        assertTrue(s.getUpdaterByParam("b") instanceof NoOp, "biasUpdater must apply to the bias block");
        assertTrue(s.getUpdaterByParam("U") instanceof Sgd);
        s.setRegularization(java.util.List.of(new L2Regularization(1e-3)));
        s.setRegularizationBias(java.util.List.of());
        assertEquals(1, s.getRegularizationByParam("U").size(), "weight l2 on U");
        assertTrue(s.getRegularizationByParam("b").isEmpty(), "weight l2 must not apply to the bias");
        assertEquals(java.util.List.of("b"), s.initializer().biasKeys(s));
        assertEquals(java.util.List.of("U", "V"), s.initializer().weightKeys(s));
    }

    @Test
    void floatTrainingTracksDoubleTraining() {
        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(81, 8, 3)), Arrays2.nd(Arrays2.gaussian(82, 8, 2)));
        MultiLayerNetwork dbl = spec(DataType.DOUBLE).multiLayerNetwork();
        MultiLayerNetwork flt = spec(DataType.FLOAT).multiLayerNetwork();
        flt.setParams(dbl.params().castTo(DataType.FLOAT));
        DataSet dsF = new DataSet(ds.getFeatures().castTo(DataType.FLOAT), ds.getLabels().castTo(DataType.FLOAT));
        for (int k = 0; k < 5; k++) {
            dbl.fit(ds);
            flt.fit(dsF);
        }
        INDArray yd = dbl.output(ds.getFeatures());
        INDArray yf = flt.output(dsF.getFeatures());
        double err = Arrays2.relError(yf, yd);
        assertTrue(err < 1e-4, "float32 vs double outputs after 5 steps: rel. error " + err);
        assertNotEquals(0.0, err, "float32 and double cannot agree bit for bit: the comparison is not float vs double");
    }

    private static MeanOdeResNet spec(DataType dt) {
        return MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).depth(4).width(3).unit(new GatedUnit())
                .learningRate(0.5).dataType(dt).seed(9).build();
    }

    @Test
    void memoryReportCountsParameters() {
        ScaledResidualStack s = stack(1.0);
        LayerMemoryReport r = s.getMemoryReport(InputType.feedForward(8));
        long params = 5L * 3 * (8 + 1 + 8);
        assertEquals(params, s.initializer().numParams(s));
        assertEquals(params * DataType.FLOAT.width(), r.getMemoryBytes(MemoryType.PARAMETERS, 1, MemoryUseMode.TRAINING,
                CacheMode.NONE, DataType.FLOAT));
    }
}
