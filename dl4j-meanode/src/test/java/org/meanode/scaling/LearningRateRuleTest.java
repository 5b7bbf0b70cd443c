package org.meanode.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The per-parameter learning rates of {@link LearningRateRule} as the layers hand them to
 * DL4J ({@code getUpdaterByParam}): Sgd and Nesterovs rates of U and V times L·M·D/(2α²)
 * (momentum kept), adaptive rates times σ/α (σ_u for U, σ_v for V; other hyper-parameters
 * kept), schedules wrapped in a {@link ScaledSchedule} with the same factor, NoOp unchanged,
 * frozen embedding and readout NoOp, trainable ones D/(2·d_in), D·d_out/2 (Sgd) and 1/√d_in,
 * √d_out (adaptive); the layer's own updater is left unscaled; a {@link ScaledSchedule}
 * survives a MultiLayerConfiguration JSON round trip. Rates are compared to 1e-12 relative.
 */
class LearningRateRuleTest {
    private static final double ETA = 0.03;
    private static final int D = 8;
    private static final int L = 4;
    private static final int M = 3;
    private static final double ALPHA = 2.0;
    private static final double SIGMA_U = 1.5;
    private static final double SIGMA_V = 2.5;
    /** L·M·D/(2α²) = 4·3·8/8. */
    private static final double SGD_FACTOR = 12.0;

    private static ScaledResidualStack stack(IUpdater u) {
        return new ScaledResidualStack.Builder().embeddingDim(D).depth(L).width(M).alpha(ALPHA).sigmaU(SIGMA_U)
                .sigmaV(SIGMA_V).updater(u).build();
    }

    private static void assertRate(double expected, IUpdater u, String what) {
        assertEquals(expected, u.getLearningRate(0, 0), 1e-12 * expected, what);
    }

    @Test
    void residualSgdFactorIsLMDOverTwoAlphaSquared() {
        assertEquals(SGD_FACTOR, LearningRateRule.residualSgd(L, M, D, ALPHA), 1e-12);
        assertEquals(1.0 / 1.5, LearningRateRule.adaptive(1.0, 1.5), 1e-15);
    }

    @Test
    void sgdRatesOfUAndVAreScaled() {
        for (BaseLayer layer : new BaseLayer[] {stack(new Sgd(ETA)), new ScaledResidualBlock.Builder().embeddingDim(D)
                .depth(L).width(M).alpha(ALPHA).updater(new Sgd(ETA)).build()}) {
            for (String p : new String[] {"U", "V"}) {
                IUpdater u = layer.getUpdaterByParam(p);
                assertInstanceOf(Sgd.class, u, p);
                assertRate(ETA * SGD_FACTOR, u, layer.getClass().getSimpleName() + " " + p);
            }
            assertEquals(new Sgd(ETA), layer.getIUpdater(), "the layer's own updater must stay unscaled");
        }
    }

    @Test
    void nesterovsRateIsScaledAndMomentumKept() {
        for (String p : new String[] {"U", "V"}) {
            Nesterovs u = assertInstanceOf(Nesterovs.class, stack(new Nesterovs(ETA, 0.7)).getUpdaterByParam(p));
            assertRate(ETA * SGD_FACTOR, u, p);
            assertEquals(0.7, u.getMomentum(), 0.0, p + " momentum");
        }
    }

    @Test
    void adamRateIsScaledBySigmaOverAlpha() {
        Adam base = new Adam(ETA, 0.8, 0.99, 1e-6);
        Adam u = assertInstanceOf(Adam.class, stack(base).getUpdaterByParam("U"));
        Adam v = assertInstanceOf(Adam.class, stack(base).getUpdaterByParam("V"));
        assertRate(ETA * SIGMA_U / ALPHA, u, "U");
        assertRate(ETA * SIGMA_V / ALPHA, v, "V");
        for (Adam a : new Adam[] {u, v}) {
            assertEquals(0.8, a.getBeta1(), 0.0);
            assertEquals(0.99, a.getBeta2(), 0.0);
            assertEquals(1e-6, a.getEpsilon(), 0.0);
        }
    }

    static Stream<IUpdater> adaptiveUpdaters() {
        return Stream.of(new Adam(ETA), new AdaMax(ETA), new Nadam(ETA), new AMSGrad(ETA), new AdaBelief(ETA),
                new RmsProp(ETA), new AdaGrad(ETA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adaptiveUpdaters")
    void everyAdaptiveUpdaterGetsSigmaOverAlpha(IUpdater base) {
        IUpdater u = stack(base).getUpdaterByParam("U");
        assertEquals(base.getClass(), u.getClass());
        assertRate(ETA * SIGMA_U / ALPHA, u, "U");
        assertRate(ETA * SIGMA_V / ALPHA, stack(base).getUpdaterByParam("V"), "V");
        assertEquals(LearningRateRule.Family.ADAPTIVE, LearningRateRule.family(base));
    }

    @Test
    void schedulesAreWrappedAndScaled() {
        ISchedule sched = new ExponentialSchedule(ScheduleType.ITERATION, ETA, 0.9);
        Sgd sgd = assertInstanceOf(Sgd.class, stack(new Sgd(sched)).getUpdaterByParam("U"));
        ScaledSchedule s = assertInstanceOf(ScaledSchedule.class, sgd.getLearningRateSchedule());
        assertEquals(SGD_FACTOR, s.getFactor(), 0.0);
        assertEquals(sched, s.getBase());
        Adam adam = assertInstanceOf(Adam.class, stack(new Adam(sched)).getUpdaterByParam("V"));
        for (int it : new int[] {0, 1, 7, 30}) {
            double base = sched.valueAt(it, 0);
            assertEquals(SGD_FACTOR * base, s.valueAt(it, 0), 1e-12 * SGD_FACTOR * base, "Sgd schedule at " + it);
            assertEquals(SGD_FACTOR * base, sgd.getLearningRate(it, 0), 1e-12 * SGD_FACTOR * base, "Sgd rate at " + it);
            double f = SIGMA_V / ALPHA;
            assertEquals(f * base, adam.getLearningRate(it, 0), 1e-12 * f * base, "Adam rate at " + it);
        }
    }

    @Test
    void noOpIsReturnedUnchanged() {
        assertInstanceOf(NoOp.class, stack(new NoOp()).getUpdaterByParam("U"));
        assertInstanceOf(NoOp.class, stack(new NoOp()).getUpdaterByParam("V"));
        assertNull(LearningRateRule.scale(null, 2.0, 3.0));
    }

    @Test
    void frozenEmbeddingAndReadoutGetNoOp() {
        assertInstanceOf(NoOp.class, new MeanOdeEmbedding.Builder().nIn(5).nOut(D).updater(new Sgd(ETA)).build()
                .getUpdaterByParam("W"));
        assertInstanceOf(NoOp.class, new MeanOdeReadout.Builder().nIn(D).nOut(3).updater(new Adam(ETA)).build()
                .getUpdaterByParam("W"));
    }

    @Test
    void trainableEmbeddingAndReadoutGetTheirMultipliers() {
        int dIn = 5;
        int dOut = 3;
        MeanOdeEmbedding.Builder e = new MeanOdeEmbedding.Builder().nIn(dIn).nOut(D).trainable(true);
        MeanOdeReadout.Builder r = new MeanOdeReadout.Builder().nIn(D).nOut(dOut).trainable(true);
        assertRate(ETA * D / (2.0 * dIn), e.updater(new Sgd(ETA)).build().getUpdaterByParam("W"), "embedding Sgd");
        assertRate(ETA * D * dOut / 2.0, r.updater(new Sgd(ETA)).build().getUpdaterByParam("W"), "readout Sgd");
        assertRate(ETA / Math.sqrt(dIn), e.updater(new Adam(ETA)).build().getUpdaterByParam("W"), "embedding Adam");
        assertRate(ETA * Math.sqrt(dOut), r.updater(new Adam(ETA)).build().getUpdaterByParam("W"), "readout Adam");
    }

    @Test
    void networkUpdaterReachesTheLayers() {
        MultiLayerConfiguration conf = MeanOdeResNet.builder().nIn(5).nOut(3).embeddingDim(D).depth(L).width(M)
                .alpha(ALPHA).learningRate(ETA).trainableReadout(true).build().multiLayerConfiguration();
        assertRate(ETA * SGD_FACTOR, conf.getConf(1).getLayer().getUpdaterByParam("U"), "stack U");
        assertInstanceOf(NoOp.class, conf.getConf(0).getLayer().getUpdaterByParam("W"), "frozen embedding");
        assertRate(ETA * D * 3 / 2.0, conf.getConf(2).getLayer().getUpdaterByParam("W"), "trainable readout");
    }

    @Test
    void scaledScheduleSurvivesJsonRoundTrip() {
        ISchedule user = new ScaledSchedule(new ExponentialSchedule(ScheduleType.EPOCH, ETA, 0.5), 3.0);
        MultiLayerConfiguration conf = MeanOdeResNet.builder().nIn(5).nOut(3).embeddingDim(D).depth(L).width(M)
                .alpha(ALPHA).updater(new Nesterovs(user, 0.9)).build().multiLayerConfiguration();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back, "configuration after JSON round trip");
        assertEquals(conf.toJson(), back.toJson());
        Nesterovs restored = assertInstanceOf(Nesterovs.class, ((BaseLayer) back.getConf(1).getLayer()).getIUpdater());
        assertEquals(user, assertInstanceOf(ScaledSchedule.class, restored.getLearningRateSchedule()),
                "the user's ScaledSchedule after JSON round trip");
        IUpdater before = conf.getConf(1).getLayer().getUpdaterByParam("U");
        IUpdater after = back.getConf(1).getLayer().getUpdaterByParam("U");
        assertEquals(before, after, "per-parameter updater after JSON round trip");
        assertEquals(before.getLearningRate(0, 3), after.getLearningRate(0, 3), 0.0);
        double expected = SGD_FACTOR * 3.0 * ETA * 0.125;
        assertEquals(expected, after.getLearningRate(0, 3), 1e-12 * expected, "U rate at epoch 3");
    }

    @Test
    void scaledScheduleRejectsBadArguments() {
        ISchedule base = new ExponentialSchedule(ScheduleType.ITERATION, 1.0, 0.9);
        assertThrows(IllegalArgumentException.class, () -> new ScaledSchedule(null, 2.0));
        for (double f : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new ScaledSchedule(base, f), "factor " + f);
        }
    }
}
