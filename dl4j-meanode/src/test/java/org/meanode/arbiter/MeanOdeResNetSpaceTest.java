package org.meanode.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.deeplearning4j.arbiter.optimize.api.Candidate;
import org.deeplearning4j.arbiter.optimize.generator.GridSearchCandidateGenerator;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.continuous.ContinuousParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.network.MeanOdeResNet;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * {@link MeanOdeResNetSpace}: the issue's search space (D, L ∈ [2, 256] log, M ∈ [1, 64] log,
 * α ∈ [0.1, 10] log, η log, regime) yields a valid network at every corner and at the centre of
 * the unit hypercube, with the learning-rate rule following the sampled L, M, D and α; grid and
 * random search number its leaves consistently; JSON round trip; invalid spaces fail when built,
 * naming the field. Expected values are written out by hand from the log-scale formula
 * round(min·(max/min)^x) and MODEL.md's multiplier L·M·D/(2α²); rates are compared to 1e-9 relative.
 */
class MeanOdeResNetSpaceTest {

    static MeanOdeResNetSpace issueSpace() {
        return MeanOdeResNetSpace.builder().nIn(3).nOut(2).embeddingDims(4, 8)
                .depth(2, 256).width(1, 64).alpha(0.1, 10).learningRate(0.01, 1)
                .regimes(Regime.COMPLETE, Regime.SEMI_COMPLETE, Regime.LAZY).numEpochs(3).seed(11).build();
    }

    @Test
    void everyCornerAndTheCentreBuildAValidNetworkWhoseRatesFollowLAndM() {
        MeanOdeResNetSpace space = issueSpace();
        new RandomSearchGenerator(space, null); // numbers the leaves: D, L, M, alpha, eta, regime
        int n = space.numParameters();
        assertEquals(6, n, "six free leaves");
        for (int mask = 0; mask <= (1 << n); mask++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = mask == (1 << n) ? 0.5 : (mask >> i) & 1;
            }
            MeanOdeConfiguration c = space.getValue(x);
            // Ends of each range, written out; the centre of a log range is the geometric mean.
            long d = x[0] < 0.5 ? 4 : 8;                     // DiscreteParameterSpace(4, 8): [0, 0.5) -> 4, [0.5, 1] -> 8
            int l = x[1] == 0.5 ? 23 : x[1] == 0 ? 2 : 256;   // round(sqrt(2*256)) = round(22.63)
            int m = x[2] == 0.5 ? 8 : x[2] == 0 ? 1 : 64;
            double alpha = x[3] == 0.5 ? 1.0 : x[3] == 0 ? 0.1 : 10;
            double eta = x[4] == 0.5 ? 0.1 : x[4] == 0 ? 0.01 : 1;
            assertEquals(d, c.getEmbeddingDim(), "D at " + java.util.Arrays.toString(x));
            assertEquals(l, c.getDepth(), "L");
            assertEquals(m, c.getWidth(), "M");
            assertEquals(alpha, c.getAlpha(), 1e-12 * alpha, "alpha");
            assertEquals(eta, c.getLearningRate(), 1e-12 * eta, "eta");
            assertEquals(3, c.getNumEpochs());

            MultiLayerNetwork net = new MultiLayerNetwork(c.getMultiLayerConfiguration());
            net.init();
            Layer stack = net.getLayer(1).conf().getLayer();
            assertTrue(stack instanceof ScaledResidualStack, "layer 1 is the stack");
            double expected = eta * l * m * d / (2 * alpha * alpha);
            double actual = ((Sgd) stack.getUpdaterByParam("U")).getLearningRate();
            assertEquals(expected, actual, 1e-9 * expected, "rate of U = eta*L*M*D/(2 alpha^2)");
            assertEquals(2L * l * m * d, net.getLayer(1).numParams(), "U and V: [L, D, M] each");
            MeanOdeResNet.checkDepths(c.getMultiLayerConfiguration());
        }
    }

    @Test
    void gridSearchVisitsEveryCombinationOfTheGridOnce() {
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(2).nOut(1).embeddingDim(4)
                .depth(2, 8).width(1, 4).alpha(1).learningRate(0.1, 0.4).build();
        GridSearchCandidateGenerator g = new GridSearchCandidateGenerator(space, 3,
                GridSearchCandidateGenerator.Mode.Sequential, null);
        assertEquals(27, g.getTotalNumCandidates(), "3 free leaves x 3 points (fixed D and alpha take no axis)");
        Set<List<Object>> seen = new HashSet<>();
        while (g.hasMoreCandidates()) {
            Candidate<?> cand = g.getCandidate();
            MeanOdeConfiguration c = (MeanOdeConfiguration) cand.getValue();
            assertEquals(4, c.getEmbeddingDim());
            assertEquals(1.0, c.getAlpha());
            seen.add(List.of(c.getDepth(), c.getWidth(), Math.round(c.getLearningRate() * 1000)));
        }
        Set<List<Object>> expected = new HashSet<>();
        for (int l : new int[] {2, 4, 8}) {
            for (int m : new int[] {1, 2, 4}) {
                for (long eta : new long[] {100, 200, 400}) {
                    expected.add(List.of(l, m, eta));
                }
            }
        }
        assertEquals(expected, seen);
    }

    @Test
    void randomSearchStaysInRangeAndIsReproducibleFromItsSeed() {
        MeanOdeResNetSpace space = issueSpace();
        RandomSearchGenerator a = new RandomSearchGenerator(space, null);
        a.setRngSeed(5);
        RandomSearchGenerator b = new RandomSearchGenerator(MeanOdeResNetSpace.fromJson(space.toJson()), null);
        b.setRngSeed(5);
        Set<Integer> depths = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            MeanOdeConfiguration ca = (MeanOdeConfiguration) a.getCandidate().getValue();
            MeanOdeConfiguration cb = (MeanOdeConfiguration) b.getCandidate().getValue();
            assertEquals(ca.hyperparameters(), cb.hyperparameters(), "same seed, same candidates");
            assertTrue(ca.getDepth() >= 2 && ca.getDepth() <= 256 && ca.getWidth() >= 1 && ca.getWidth() <= 64);
            assertTrue(ca.getAlpha() >= 0.1 && ca.getAlpha() <= 10 && ca.getLearningRate() >= 0.01 && ca.getLearningRate() <= 1);
            depths.add(ca.getDepth());
        }
        assertTrue(depths.size() > 5, "depths vary: " + depths);
    }

    @Test
    void jsonRoundTripGivesAnEqualSpaceAndTheSameCandidates() {
        MeanOdeResNetSpace space = issueSpace();
        String json = space.toJson();
        MeanOdeResNetSpace back = MeanOdeResNetSpace.fromJson(json);
        assertEquals(space, back);
        assertEquals(json, back.toJson());
        new RandomSearchGenerator(space, null);
        new RandomSearchGenerator(back, null);
        double[] x = {0.3, 0.7, 0.2, 0.9, 0.4, 0.8};
        assertEquals(space.getValue(x), back.getValue(x));
        for (double r : new double[] {0.1, 0.5, 0.9}) {
            x[5] = r;
            assertEquals(space.getValue(x).getRegime(), back.getValue(x).getRegime(), "regime after JSON at " + r);
        }
        assertEquals(space.getValue(x).getMultiLayerConfiguration().toJson(), back.getValue(x).getMultiLayerConfiguration().toJson());
        // Negative control: a different space does not compare equal.
        assertNotEquals(space, MeanOdeResNetSpace.builder().nIn(3).nOut(2).embeddingDims(4, 8).depth(2, 128).width(1, 64)
                .alpha(0.1, 10).learningRate(0.01, 1).regimes(Regime.COMPLETE, Regime.SEMI_COMPLETE, Regime.LAZY)
                .numEpochs(3).seed(11).build());
    }

    @Test
    void invalidSpacesFailWhenBuiltNamingTheField() {
        expectMessage(() -> base().width(0, 64).build(), "MeanOdeResNetSpace.width = [0, 64]", "M must be ≥ 1");
        expectMessage(() -> base().depth(10, 5).build(), "MeanOdeResNetSpace.depth = [10, 5]", "empty");
        expectMessage(() -> base().alpha(-1, 10).build(), "MeanOdeResNetSpace.alpha = [-1.0, 10.0]", "> 0");
        expectMessage(() -> base().learningRate(0, 1).build(), "MeanOdeResNetSpace.learningRate", "> 0");
        // Spaces supplied as Arbiter ParameterSpaces are probed at build time.
        expectMessage(() -> base().width(new IntegerParameterSpace(0, 64)).build(), "MeanOdeResNetSpace.width",
                "can take the value 0");
        expectMessage(() -> base().alpha(new ContinuousParameterSpace(-1, 1)).build(), "MeanOdeResNetSpace.alpha",
                "can take the value -1.0");
        expectMessage(() -> base().embeddingDim(new DiscreteParameterSpace<>(8, -2)).build(),
                "MeanOdeResNetSpace.embeddingDim", "can take the value -2");
        expectMessage(() -> MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(4).width(2).learningRate(0.1).build(),
                "MeanOdeResNetSpace.depth is not set", ".depth(min, max)");
        // A JSON file edited into an invalid space fails on reading.
        String json = base().width(1, 64).build().toJson();
        String bad = json.replaceFirst("\"min\" : 1,", "\"min\" : 0,");
        assertNotEquals(json, bad, "the edit applies");
        expectMessage(() -> MeanOdeResNetSpace.fromJson(bad), "MeanOdeResNetSpace.width", "can take the value 0");
    }

    private static MeanOdeResNetSpace.Builder base() {
        return MeanOdeResNetSpace.builder().nIn(3).nOut(1).embeddingDim(4).depth(2, 16).width(2).learningRate(0.1);
    }

    static void expectMessage(Supplier<?> build, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }
}
