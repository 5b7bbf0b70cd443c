package org.meanode.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanode.arbiter.MeanOdeResNetSpaceTest.expectMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.conf.updater.SgdSpace;
import org.deeplearning4j.arbiter.layers.ConvolutionLayerSpace;
import org.deeplearning4j.arbiter.layers.GlobalPoolingLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.integer.IntegerParameterSpace;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.scoring.impl.EvaluationScoreFunction;
import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.junit.jupiter.api.Test;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.data.TrainTestSplit;
import org.meanode.data.VendoredDataset;
import org.meanode.scaling.Regime;
import org.meanode.units.ConvUnit;
import org.meanode.units.GatedUnit;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arbiter spaces of convolutional scaled stacks: a {@link ConvUnitSpace} as the unit leaf of a
 * {@link ScaledResidualStackSpace} inside Arbiter's own {@link MultiLayerSpace} (stem
 * ConvolutionLayer sharing the channels leaf → conv stack → GlobalPooling → softmax Output), searched
 * over depth, width, α, η, channels and kernel size by a real {@link LocalOptimizationRunner} on
 * the vendored digits images (1×8×8): every candidate completes with a finite accuracy, the best
 * above chance, and each recorded configuration has the conv parametrization (the stem's C = the
 * unit's C, D = C·H·W, Sgd rate of u and v = η·L·M·C·H·W/(2α²), written out here). JSON round trips
 * of the stack space and of a MultiLayerSpace holding it; invalid combinations fail when built,
 * naming the field and the fix.
 */
class ConvStackSpaceTest {
    private static final Logger LOG = LoggerFactory.getLogger(ConvStackSpaceTest.class);

    private static MultiLayerSpace network(ParameterSpace<Integer> channels, ScaledResidualStackSpace stack) {
        return new MultiLayerSpace.Builder().seed(7).updater(new SgdSpace(new LogUniformSpace(0.2, 0.4)))
                .addLayer(new ConvolutionLayerSpace.Builder().kernelSize(3, 3).nOut(channels)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH).build())
                .addLayer(stack)
                .addLayer(new GlobalPoolingLayerSpace.Builder().poolingType(PoolingType.AVG).build())
                .addLayer(new OutputLayerSpace.Builder().nOut(10).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .setInputType(InputType.convolutionalFlat(8, 8, 1)).numEpochs(3).build();
    }

    @Test
    void localRunnerSearchesConvStacksOnDigits() {
        ParameterSpace<Integer> channels = new DiscreteParameterSpace<>(4, 8);
        ConvUnitSpace unit = ConvUnitSpace.builder().channels(channels).image(8, 8).kernelSizes(1, 3).build();
        ScaledResidualStackSpace stack = new ScaledResidualStackSpace.Builder().unit(unit).depth(2, 8).width(2, 8)
                .alpha(0.5, 2).seed(3).build();
        MultiLayerSpace space = network(channels, stack);
        RandomSearchGenerator g = new RandomSearchGenerator(space, null);
        g.setRngSeed(11);
        assertEquals(6, space.numParameters(), "η, C (shared by the stem and the unit), L, M, k, α");

        TrainTestSplit split = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, 42);
        MiniBatchDataProvider data = new MiniBatchDataProvider(split.train(DataType.FLOAT), split.test(DataType.FLOAT),
                64, 5, "digits 80/20, seed 42");
        List<CandidateRecord> records = Collections.synchronizedList(new ArrayList<>());
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder().candidateGenerator(g).dataProvider(data)
                .scoreFunction(new EvaluationScoreFunction(Evaluation.Metric.ACCURACY))
                .terminationConditions(new MaxCandidatesCondition(4)).build();
        IOptimizationRunner runner = new LocalOptimizationRunner(conf, new MeanOdeTaskCreator(records::add, Map.of()));
        runner.execute();

        assertEquals(4, records.size());
        assertEquals(4, runner.numCandidatesCompleted(), "failures: " + records);
        double best = 0;
        for (CandidateRecord r : records) {
            assertEquals(CandidateRecord.Status.COMPLETE, r.status(), r.failureReason());
            double acc = r.score();
            assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
            best = Math.max(best, acc);
            MultiLayerConfiguration c = MultiLayerConfiguration.fromJson(r.configurationJson());
            ConvolutionLayer stem = (ConvolutionLayer) c.getConf(0).getLayer();
            ScaledResidualStack s = (ScaledResidualStack) c.getConf(1).getLayer();
            ConvUnit u = assertInstanceOf(ConvUnit.class, s.getUnit());
            assertEquals(stem.getNOut(), u.getChannels(), "the stem's channels are the unit's (one shared leaf)");
            assertTrue(List.of(4, 8).contains(u.getChannels()) && List.of(1, 3).contains(u.getKernelSize()), u.toString());
            assertEquals(8, u.getHeight());
            assertEquals(8, u.getWidth());
            assertEquals((long) u.getChannels() * 64, s.getEmbeddingDim(), "D = C·H·W");
            assertTrue(s.getDepth() >= 2 && s.getDepth() <= 8 && s.getWidth() >= 2 && s.getWidth() <= 8, s.toString());
            assertTrue(s.getAlpha() >= 0.5 && s.getAlpha() <= 2, s.toString());
            assertEquals(Long.valueOf(3), s.getSeed());
            double eta = ((Sgd) stem.getIUpdater()).getLearningRate();
            assertTrue(eta >= 0.2 && eta <= 0.4, "η " + eta);
            double rate = eta * s.getDepth() * s.getWidth() * u.getChannels() * 64 / (2 * s.getAlpha() * s.getAlpha());
            for (String key : new String[] {"U", "V"}) {
                assertEquals(rate, ((Sgd) s.getUpdaterByParam(key)).getLearningRate(), 1e-9 * rate, key);
            }
            // The record names the sampled values, read from the built network.
            Map<String, Object> h = r.hyperparameters();
            assertEquals((long) s.getDepth(), h.get("L"));
            assertEquals((long) s.getWidth(), h.get("M"));
            assertEquals(s.getEmbeddingDim(), h.get("D"));
            assertEquals(s.getAlpha(), (Double) h.get("alpha"), 0.0);
            assertEquals(eta, (Double) h.get("eta"), 0.0);
            assertEquals(Math.sqrt(u.getChannels()), (Double) h.get("sigmaV"), 1e-12, "σ_v = √C");
            assertEquals(u.toString(), h.get("activation"));
            assertEquals((long) u.getChannels(), h.get("C"));
            assertEquals((long) u.getKernelSize(), h.get("k"));
            LOG.info("candidate {}: C={} k={} L={} M={} α={} η={}: accuracy {}", r.index(), u.getChannels(),
                    u.getKernelSize(), s.getDepth(), s.getWidth(), String.format("%.3g", s.getAlpha()),
                    String.format("%.3g", eta), String.format("%.3f", acc));
        }
        assertTrue(best > 0.3, "the best of 4 candidates beats chance (0.1) by 3×: " + best);
        assertEquals(best, runner.bestScore(), 0.0);
    }

    @Test
    void jsonRoundTripAloneAndInsideAMultiLayerSpace() {
        ConvUnitSpace unit = ConvUnitSpace.builder().channels(4).image(6, 5).kernelSizes(1, 3, 5).activation(Activation.SOFTSIGN)
                .build();
        ScaledResidualStackSpace stack = new ScaledResidualStackSpace.Builder().unit(unit).depth(2, 16).width(4)
                .alpha(0.5, 2).regimes(Regime.COMPLETE, Regime.LAZY).seed(1).build();
        String json = stack.toJson();
        ScaledResidualStackSpace back = ScaledResidualStackSpace.fromJson(json);
        assertEquals(stack, back);
        assertEquals(stack.hashCode(), back.hashCode());
        assertTrue(json.contains("ConvUnitSpace") && json.contains("SOFTSIGN"), json);
        // A 2LP space's JSON has no unit property (saved spaces keep their form).
        assertTrue(!new ScaledResidualStackSpace.Builder().embeddingDim(4).depth(2).width(2).build().toJson().contains("unit"));

        MultiLayerSpace space = new MultiLayerSpace.Builder().seed(3).updater(new Sgd(0.1))
                .addLayer(new ConvolutionLayerSpace.Builder().kernelSize(3, 3).nOut(4).convolutionMode(ConvolutionMode.Same)
                        .build())
                .addLayer(stack).setInputType(InputType.convolutional(6, 5, 1)).numEpochs(1).build();
        MultiLayerSpace spaceBack = MultiLayerSpace.fromJson(space.toJson());
        // (Arbiter's MultiLayerSpace.equals fails after any round trip of a ConvolutionLayerSpace: its
        // FixedValue<int[]> kernel compares arrays by identity; the JSON and the candidates are compared.)
        assertEquals(space.toJson(), spaceBack.toJson());
        new RandomSearchGenerator(space, null);
        new RandomSearchGenerator(spaceBack, null);
        assertEquals(4, space.numParameters(), "L, k, α, regime");
        assertEquals(space.numParameters(), spaceBack.numParameters());
        for (double x : new double[] {0.0, 0.4, 1.0}) {
            double[] point = {x, 1 - x, x, x};
            MultiLayerConfiguration a = space.getValue(point).getMultiLayerConfiguration();
            MultiLayerConfiguration b = spaceBack.getValue(point).getMultiLayerConfiguration();
            assertEquals(a, b);
            ScaledResidualStack s = (ScaledResidualStack) b.getConf(1).getLayer();
            ConvUnit u = assertInstanceOf(ConvUnit.class, s.getUnit());
            assertTrue(List.of(1, 3, 5).contains(u.getKernelSize()), u.toString());
            assertEquals(Activation.SOFTSIGN.getActivationFunction(), u.getActivation());
        }
        // A fixed unit of another kind goes through a FixedValue; without an image of its own it takes
        // D from the space's embeddingDim, which is then required.
        ScaledResidualBlockSpace gated = new ScaledResidualBlockSpace.Builder().unit(new GatedUnit()).embeddingDim(6)
                .depth(3).width(2).build();
        ScaledResidualBlockSpace gatedBack = ScaledResidualBlockSpace.fromJson(gated.toJson());
        assertEquals(gated, gatedBack);
        ScaledResidualBlock block = gatedBack.getValue(new double[0]);
        assertEquals(new GatedUnit(), block.getUnit());
        assertEquals(6, block.getEmbeddingDim());
        expectMessage(() -> new ScaledResidualBlockSpace.Builder().unit(new GatedUnit()).depth(3).width(2).build(),
                "ScaledResidualBlockSpace.embeddingDim is not set");
    }

    @Test
    void invalidCombinationsFailWhenBuiltNamingTheFix() {
        ConvUnitSpace unit = ConvUnitSpace.builder().channels(4).image(8, 8).build();
        expectMessage(() -> new ScaledResidualStackSpace.Builder().unit(unit).embeddingDim(256).depth(2).width(2).build(),
                "ScaledResidualStackSpace.embeddingDim", "the unit fixes D", "remove .embeddingDim");
        expectMessage(() -> new ScaledResidualStackSpace.Builder().unit(unit).depth(2).width(2).sigmaV(2.0).build(),
                "ScaledResidualStackSpace.sigmaV", "belong to the unit", "σ_v = √C");
        expectMessage(() -> new ScaledResidualStackSpace.Builder().unit(unit).depth(2).width(2).activation(Activation.RELU)
                .build(), "ScaledResidualStackSpace.activation", "ConvUnitSpace.builder().activation");
        expectMessage(() -> new ScaledResidualStackSpace.Builder().unit(unit).depth(2).width(2)
                .regimes(Regime.COMPLETE, Regime.SEMI_COMPLETE).build(), "ScaledResidualStackSpace.regime", "SEMI_COMPLETE",
                "use Regime.COMPLETE or LAZY");
        expectMessage(() -> ConvUnitSpace.builder().channels(4).image(8, 8).kernelSizes(1, 2).build(),
                "ConvUnitSpace.kernelSize", "can take the value 2", "k must be odd");
        expectMessage(() -> ConvUnitSpace.builder().channels(4).image(8, 4).kernelSize(5).build(),
                "ConvUnitSpace.kernelSize", "can take the value 5", "at most min(H, W) = 4");
        expectMessage(() -> ConvUnitSpace.builder().channels(4).image(8, 8).kernelSize(new IntegerParameterSpace(1, 4))
                .build(), "ConvUnitSpace.kernelSize", "can take the value 2", ".kernelSizes(1, 3, …)");
        expectMessage(() -> ConvUnitSpace.builder().channels(new IntegerParameterSpace(0, 4)).image(8, 8).build(),
                "ConvUnitSpace.channels", "can take the value 0", "C must be ≥ 1");
        expectMessage(() -> ConvUnitSpace.builder().channels(4).build(), "ConvUnitSpace.image = 0×0", ".image(H, W)");
        expectMessage(() -> ConvUnitSpace.builder().image(8, 8).build(), "ConvUnitSpace.channels is not set");
        expectMessage(() -> new ScaledResidualStackSpace.Builder().unit((ConvUnitSpace) null), "unit");

        // The stem and the unit disagree on C (separate leaves, e.g. a MultiLayerSpace read back from
        // JSON after sharing one): the candidate is refused by DL4J's input-type check, naming both shapes.
        MultiLayerSpace mismatch = network(new DiscreteParameterSpace<>(4, 8), new ScaledResidualStackSpace.Builder()
                .unit(ConvUnitSpace.builder().channels(4).image(8, 8).build()).depth(2).width(2).build());
        new RandomSearchGenerator(mismatch, null);
        double[] eightChannels = {0.5, 0.9};
        Exception e = assertThrows(Exception.class, () -> mismatch.getValue(eightChannels).getMultiLayerConfiguration());
        Throwable cause = e;
        while (!(cause instanceof DL4JInvalidConfigException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertNotNull(cause.getMessage());
        assertTrue(cause.getMessage().contains("differs from the unit's image 4×8×8"), cause.getMessage());
    }
}
