package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.testutil.Arrays2;
import org.meanode.units.TwoLayerUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The generic layers with the 2LP unit ({@link TwoLayerUnit}) are the 2LP layers: for the same
 * spec and seed, {@code MeanOdeResNet.unit(new TwoLayerUnit(σ))} and the plain MeanOdeResNet
 * (ScaledResidualStack or ScaledResidualBlocks) draw the same initial parameters, give the same
 * outputs, score and parameter gradients, and stay equal over {@value #STEPS} fit() steps with
 * Sgd and with Adam (double; D = 6, L = 4, M = 3, α = 0.7, N = 7). The generic unit runs the same
 * GEMMs in the same order, so the expected difference is 0; the tolerance is {@value #TOL}
 * (max absolute difference over max(1, max |value|)). Control: one extra step of one network
 * must move it more than 1e-6 away from the other.
 */
class GenericTwoLayerEquivalenceTest {
    private static final int STEPS = 5;
    private static final double TOL = 1e-13;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(true, false, Activation.TANH, new Sgd(0.5)),
                Arguments.of(false, false, Activation.TANH, new Adam(1e-2)),
                Arguments.of(true, true, Activation.TANH, new Adam(1e-2)),
                Arguments.of(false, true, Activation.IDENTITY, new Sgd(0.05)),
                Arguments.of(true, false, Activation.IDENTITY, new Adam(1e-2)));
    }

    @ParameterizedTest(name = "fused={0} graph={1} {2} {3}")
    @MethodSource("cases")
    void genericTwoLayerUnitReproducesScaledResidualLayers(boolean fused, boolean graph, Activation act, IUpdater upd) {
        MeanOdeResNet.Builder common = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).depth(4).width(3)
                .alpha(0.7).fused(fused).updater(upd).dataType(DataType.DOUBLE).seed(31);
        MeanOdeResNet plainSpec = common.activation(act).build();
        MeanOdeResNet.Builder genericBuilder = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(6).depth(4).width(3)
                .alpha(0.7).fused(fused).updater(upd).dataType(DataType.DOUBLE).seed(31).unit(new TwoLayerUnit(act));
        MeanOdeResNet genericSpec = genericBuilder.build();
        Model plain = graph ? plainSpec.computationGraph() : plainSpec.multiLayerNetwork();
        Model generic = graph ? genericSpec.computationGraph() : genericSpec.multiLayerNetwork();
        assertEquals(plain.params(), generic.params(), "initial parameters differ (same seed, same draws expected)");

        DataSet ds = new DataSet(Arrays2.nd(Arrays2.gaussian(61, 7, 3)), Arrays2.nd(Arrays2.gaussian(62, 7, 2)));
        INDArray x = ds.getFeatures();
        double outDiff = diff(ExactnessContractTest.output(plain, x), ExactnessContractTest.output(generic, x));
        assertTrue(outDiff <= TOL, "outputs differ by " + outDiff);

        double gradDiff = diff(gradient(plain, ds), gradient(generic, ds));
        assertTrue(gradDiff <= TOL, "parameter gradients differ by " + gradDiff);
        assertEquals(plain.score(), generic.score(), TOL * Math.abs(plain.score()), "scores differ");

        for (int k = 0; k < STEPS; k++) {
            ExactnessContractTest.fit(plain, ds);
            ExactnessContractTest.fit(generic, ds);
        }
        double paramDiff = diff(plain.params(), generic.params());
        assertTrue(paramDiff <= TOL, "parameters after " + STEPS + " steps differ by " + paramDiff);
        double after = diff(ExactnessContractTest.output(plain, x), ExactnessContractTest.output(generic, x));
        assertTrue(after <= TOL, "outputs after " + STEPS + " steps differ by " + after);

        ExactnessContractTest.fit(generic, ds);
        double control = diff(plain.params(), generic.params());
        assertTrue(control > 1e-6, "control: one more step changed the parameters by only " + control);
    }

    private static INDArray gradient(Model net, DataSet ds) {
        if (net instanceof ComputationGraph g) {
            g.setInputs(ds.getFeatures());
            g.setLabels(ds.getLabels());
            g.computeGradientAndScore();
        } else {
            MultiLayerNetwork m = (MultiLayerNetwork) net;
            m.setInput(ds.getFeatures());
            m.setLabels(ds.getLabels());
            m.computeGradientAndScore();
        }
        return net.gradient().gradient().dup();
    }

    private static double diff(INDArray a, INDArray b) {
        double scale = Math.max(1.0, Math.max(a.amaxNumber().doubleValue(), b.amaxNumber().doubleValue()));
        return a.sub(b).amaxNumber().doubleValue() / scale;
    }
}
