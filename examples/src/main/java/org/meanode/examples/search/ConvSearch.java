package org.meanode.examples.search;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.arbiter.MultiLayerSpace;
import org.deeplearning4j.arbiter.conf.updater.SgdSpace;
import org.deeplearning4j.arbiter.layers.ConvolutionLayerSpace;
import org.deeplearning4j.arbiter.layers.GlobalPoolingLayerSpace;
import org.deeplearning4j.arbiter.layers.OutputLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.meanode.arbiter.ConvUnitSpace;
import org.meanode.arbiter.LogUniformSpace;
import org.meanode.arbiter.MiniBatchDataProvider;
import org.meanode.arbiter.ScaledResidualStackSpace;
import org.meanode.data.TrainTestSplit;
import org.meanode.data.VendoredDataset;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The space and data of {@code meanode search --conv}: small CNNs on the vendored digits images
 * (1×8×8, stratified 80/20 split), a 3×3 stem convolution to C channels (tanh), a
 * {@code ScaledResidualStack} of {@code ConvUnit}s, global average pooling and a softmax output,
 * searched over L, M, α (log scales, the stack's {@link ScaledResidualStackSpace}), η (the
 * network's Sgd rate, log scale), C (one leaf shared by the stem and the unit) and the kernel size k
 * ({@link ConvUnitSpace}); minibatches of {@value #BATCH}, the score the validation cross-entropy.
 */
final class ConvSearch {
    /** Default ranges when the options are not given: the dense search's suit D = 8 networks, not these. */
    static final String DEPTH = "2:16";
    static final String WIDTH = "2:16";
    static final String ALPHA = "0.5:2";
    static final String ETA = "0.1:0.4";
    /** Minibatch size. */
    static final int BATCH = 64;
    /** Image size of the digits. */
    private static final int SIDE = 8;

    private ConvSearch() {
    }

    /**
     * @param depth      --depth, "min:max" or one value
     * @param width      --width
     * @param alpha      --alpha
     * @param eta        --eta
     * @param channels   --channels, comma-separated C values
     * @param kernels    --kernel-sizes, comma-separated odd k values
     * @param epochs     epochs per candidate
     * @param seed       the networks' seed
     * @return the space; invalid values fail here, naming the option or field
     */
    static MultiLayerSpace space(String depth, String width, String alpha, String eta, String channels, String kernels,
                                 int epochs, long seed) {
        ParameterSpace<Integer> c = choice("--channels", channels);
        ConvUnitSpace unit = ConvUnitSpace.builder().channels(c).image(SIDE, SIDE).kernelSize(choice("--kernel-sizes", kernels))
                .build();
        ScaledResidualStackSpace.Builder stack = new ScaledResidualStackSpace.Builder().unit(unit).seed(seed);
        Range l = Range.parse("--depth", depth);
        Range m = Range.parse("--width", width);
        Range a = Range.parse("--alpha", alpha);
        Range e = Range.parse("--eta", eta);
        if (l.fixed()) {
            stack.depth(l.intMin("--depth"));
        } else {
            stack.depth(l.intMin("--depth"), l.intMax("--depth"));
        }
        if (m.fixed()) {
            stack.width(m.intMin("--width"));
        } else {
            stack.width(m.intMin("--width"), m.intMax("--width"));
        }
        if (a.fixed()) {
            stack.alpha(a.min());
        } else {
            stack.alpha(a.min(), a.max());
        }
        MultiLayerSpace.Builder b = new MultiLayerSpace.Builder().seed(seed);
        if (e.fixed()) {
            b.updater(new Sgd(e.min()));
        } else {
            b.updater(new SgdSpace(new LogUniformSpace(e.min(), e.max())));
        }
        return b.addLayer(new ConvolutionLayerSpace.Builder().kernelSize(3, 3).nOut(c).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build())
                .addLayer(stack.build())
                .addLayer(new GlobalPoolingLayerSpace.Builder().poolingType(PoolingType.AVG).build())
                .addLayer(new OutputLayerSpace.Builder().nOut(VendoredDataset.DIGITS.classes()).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1)).numEpochs(epochs).build();
    }

    /**
     * @param seed the split's seed
     * @return the digits, stratified 80/20, standardised on the training part, in minibatches of {@value #BATCH}
     */
    @SuppressWarnings("deprecation")
    static MiniBatchDataProvider data(long seed) {
        TrainTestSplit split = TrainTestSplit.of(VendoredDataset.DIGITS, 0.2, seed);
        return new MiniBatchDataProvider(split.train(DataType.FLOAT), split.test(DataType.FLOAT), BATCH, seed,
                "digits 1x8x8, stratified 80/20 split (seed " + seed + "), minibatches of " + BATCH);
    }

    /**
     * @param option the option, for messages
     * @param text   "4" or "4,8"
     * @return a fixed value or a DiscreteParameterSpace of the values
     */
    static ParameterSpace<Integer> choice(String option, String text) {
        List<Integer> v = new ArrayList<>();
        for (String s : text.split(",", -1)) {
            try {
                v.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(option + " value '" + text + "' is not a comma-separated list of integers,"
                        + " e.g. 4,8", ex);
            }
        }
        return v.size() == 1 ? new FixedValue<>(v.get(0)) : new DiscreteParameterSpace<>(v.toArray(new Integer[0]));
    }
}
