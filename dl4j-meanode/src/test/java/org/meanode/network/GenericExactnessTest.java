package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.GenericWeights;
import org.meanode.testutil.ReferenceGenericResNet;
import org.meanode.units.GatedUnit;
import org.meanode.units.TwoLayerBiasUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactness contract for generic blocks: with Sgd at base rate η, double precision and
 * full batch, K fit() calls of a network of generic layers reproduce K reference GD steps of
 * {@link ReferenceGenericResNet} (independent plain-Java loops, one example and unit at a time,
 * with hand-written vector-Jacobian products and each block's documented step factor) for the
 * 2LP, 2LP-with-bias and gated units, fused and unfused, MultiLayerNetwork and ComputationGraph.
 * Losses before each step, outputs and every unit parameter block after K steps agree to
 * {@value #TOL} relative. Measured worst relative error over all cases: printed per case.
 * Control: the same comparison after the network took one extra step must exceed 1e-6.
 */
class GenericExactnessTest {
    private static final Logger LOG = LoggerFactory.getLogger(GenericExactnessTest.class);

    private static final int K = 5;
    private static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        // unit, reference, D, L, M, alpha, eta, fused, graph
        return Stream.of(
                Arguments.of(new TwoLayerUnit(), ReferenceGenericResNet.TWO_LAYER, 6, 3, 4, 1.0, 1.0, true, false),
                Arguments.of(new TwoLayerBiasUnit(), ReferenceGenericResNet.TWO_LAYER_BIAS, 6, 3, 4, 1.0, 1.0, true, false),
                Arguments.of(new TwoLayerBiasUnit(), ReferenceGenericResNet.TWO_LAYER_BIAS, 7, 4, 2, 2.0, 0.3, false, true),
                Arguments.of(new TwoLayerBiasUnit(), ReferenceGenericResNet.TWO_LAYER_BIAS, 5, 2, 5, 0.6, 0.5, true, true),
                Arguments.of(new GatedUnit(), ReferenceGenericResNet.GATED, 6, 3, 4, 1.0, 1.0, true, false),
                Arguments.of(new GatedUnit(), ReferenceGenericResNet.GATED, 7, 4, 2, 2.0, 0.3, false, false),
                Arguments.of(new GatedUnit(), ReferenceGenericResNet.GATED, 5, 2, 5, 0.6, 0.5, true, true));
    }

    @ParameterizedTest(name = "{0} D={2} L={3} M={4} alpha={5} eta={6} fused={7} graph={8}")
    @MethodSource("cases")
    void fitReproducesReferenceSteps(UnitFunction unit, ReferenceGenericResNet.Unit refUnit, int d, int depth, int width,
                                     double alpha, double eta, boolean fused, boolean graph) {
        int n = 8;
        int dIn = 4;
        int dOut = 3;
        ReferenceGenericResNet ref = new ReferenceGenericResNet(dIn, dOut, d, depth, width, alpha, refUnit, 13);
        double[][] x = Arrays2.gaussian(3, n, dIn);
        double[][] y = Arrays2.gaussian(4, n, dOut);
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(dIn).nOut(dOut).embeddingDim(d).depth(depth).width(width)
                .alpha(alpha).unit(unit).learningRate(eta).fused(fused).dataType(DataType.DOUBLE).seed(5).build();
        Model net = graph ? spec.computationGraph() : spec.multiLayerNetwork();
        GenericWeights.write(ref, net);
        DataSet ds = new DataSet(Arrays2.nd(x), Arrays2.nd(y));

        double worst = Arrays2.relError(ExactnessContractTest.output(net, ds.getFeatures()), ref.forward(x));
        assertTrue(worst < TOL, "initial outputs: rel. error " + worst);
        for (int k = 0; k < K; k++) {
            double refLoss = ref.step(x, y, eta);
            ExactnessContractTest.fit(net, ds);
            assertTrue(Double.isFinite(refLoss), "reference diverged at step " + k + ": pick a smaller eta");
            assertEquals(refLoss, net.score(), TOL * Math.abs(refLoss), "loss before step " + k);
        }
        double outErr = Arrays2.relError(ExactnessContractTest.output(net, ds.getFeatures()), ref.forward(x));
        worst = Math.max(worst, outErr);
        assertTrue(outErr < TOL, "outputs after " + K + " steps: rel. error " + outErr);
        int blocks = refUnit.rows(d).length;
        for (int k = 0; k < blocks; k++) {
            double err = Arrays2.relError(GenericWeights.read(net, k, depth), ref.block(k));
            worst = Math.max(worst, err);
            assertTrue(err < TOL, "parameter block " + k + " after " + K + " steps: rel. error " + err);
        }
        LOG.info("GenericExactnessTest " + unit + " fused=" + fused + " graph=" + graph
                + ": worst relative error " + worst);

        ExactnessContractTest.fit(net, ds);
        double control = 0;
        for (int k = 0; k < blocks; k++) {
            control = Math.max(control, Arrays2.relError(GenericWeights.read(net, k, depth), ref.block(k)));
        }
        assertTrue(control > 1e-6, "control: one extra step changed the units by only " + control);
    }
}
