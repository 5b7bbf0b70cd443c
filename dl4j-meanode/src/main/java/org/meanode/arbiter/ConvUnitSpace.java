package org.meanode.arbiter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.meanode.conf.ConfigChecks;
import org.meanode.units.ConvUnit;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.Activation;

/**
 * A space of {@link ConvUnit}s, the unit leaf of a conv stack's layer space
 * ({@link BaseScaledResidualSpace.Builder#unit(ParameterSpace)}): the channels C and the kernel
 * size k may be searched, the image H×W is fixed (it is the network's), σ is fixed, and the init
 * scales are the unit's conv parametrization (σ_u = √F, σ_v = √C, F = C·k²; docs/conv.md). Each
 * candidate gets {@code new ConvUnit(C, H, W, k, σ)}; the stack built with it takes D = C·H·W and
 * the conv rate rule from the unit.
 *
 * <p>The channels are also the output channels of the convolution before the stack: pass the same
 * leaf object to both, so that Arbiter gives them one coordinate and every candidate matches
 * (Arbiter numbers leaves by identity; after a JSON round trip of the whole MultiLayerSpace the
 * two are separate leaves again, so search C only on a space built in code, or fix it):
 * <pre>{@code
 * ParameterSpace<Integer> channels = new DiscreteParameterSpace<>(4, 8);
 * ConvUnitSpace unit = ConvUnitSpace.builder().channels(channels).image(8, 8).kernelSizes(1, 3).build();
 * new ConvolutionLayerSpace.Builder().kernelSize(3, 3).nOut(channels).convolutionMode(ConvolutionMode.Same)...
 * new ScaledResidualStackSpace.Builder().unit(unit).depth(2, 16).width(2, 32).alpha(0.5, 2)...
 * }</pre>
 * Leaf order: C, then k (free leaves only; fixed values take no coordinate). Every value a leaf
 * can take is checked when the space is built or read from JSON: C ≥ 1, k odd ("same" padding
 * centres the kernel) and at most min(H, W).
 */
public final class ConvUnitSpace implements ParameterSpace<UnitFunction> {
    private ParameterSpace<Integer> channels;
    private int height;
    private int width;
    private ParameterSpace<Integer> kernelSize;
    private Activation activation = Activation.TANH;

    /** For JSON. */
    private ConvUnitSpace() {
    }

    private ConvUnitSpace(Builder b) {
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.kernelSize = b.kernelSize == null ? new FixedValue<>(3) : b.kernelSize;
        this.activation = b.activation;
        validate("ConvUnitSpace");
    }

    /** @return a builder; channels and image are required, kernel size 3 and tanh by default */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks every value the leaves can take; run when built and, by the owning layer space, when
     * read from JSON.
     *
     * @param owner the space's name in messages, e.g. "ScaledResidualStackSpace.unit"
     */
    void validate(String owner) {
        SpaceChecks.required(owner, "channels", channels, ".channels(C), .channels(C...) or .channels(ParameterSpace)");
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(owner + ".image = " + height + "×" + width + " is invalid: call"
                    + " .image(H, W) with the height and width (≥ 1) of the images the stack receives");
        }
        if (activation == null) {
            throw new IllegalArgumentException(owner + ".activation is not set; call .activation(Activation.TANH) or another");
        }
        SpaceChecks.values(owner, "channels", channels, v -> v >= 1, "C must be ≥ 1", "use channels ≥ 1");
        int max = Math.min(height, width);
        SpaceChecks.values(owner, "kernelSize", kernelSize, v -> v >= 1 && v <= max && v % 2 == 1,
                "k must be odd (padding \"same\" centres the kernel) and at most min(H, W) = " + max,
                "choose odd sizes with .kernelSizes(1, 3, …) (a DiscreteParameterSpace), not an integer range");
    }

    @Override
    public ConvUnit getValue(double[] values) {
        return new ConvUnit(channels.getValue(values), height, width, kernelSize.getValue(values),
                activation.getActivationFunction(), null, null);
    }

    /** @return the number of distinct free leaves (fixed values take none) */
    @Override
    public int numParameters() {
        return org.deeplearning4j.arbiter.util.LeafUtils.countUniqueParameters(collectLeaves());
    }

    /** @return the free leaves among C and k, in that order */
    @Override
    @SuppressWarnings("rawtypes")
    public List<ParameterSpace> collectLeaves() {
        List<ParameterSpace> all = new ArrayList<>();
        for (ParameterSpace<?> p : List.of(channels, kernelSize)) {
            if (p.isLeaf()) {
                all.add(p);
            } else {
                all.addAll(p.collectLeaves());
            }
        }
        return SpaceChecks.freeLeaves(all);
    }

    /** @return "channels", "kernelSize" */
    @Override
    @SuppressWarnings("rawtypes")
    public Map<String, ParameterSpace> getNestedSpaces() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("channels", channels);
        m.put("kernelSize", kernelSize);
        return m;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    /** Not a leaf: Arbiter numbers its leaves (C, k) instead. */
    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("ConvUnitSpace is not a leaf: its leaves (channels, kernelSize) take the"
                + " indices");
    }

    /** @return the space of C */
    public ParameterSpace<Integer> getChannels() {
        return channels;
    }

    /** @return H */
    public int getHeight() {
        return height;
    }

    /** @return W */
    public int getWidth() {
        return width;
    }

    /** @return the space of k */
    public ParameterSpace<Integer> getKernelSize() {
        return kernelSize;
    }

    /** @return σ */
    public Activation getActivation() {
        return activation;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvUnitSpace s && Objects.equals(channels, s.channels) && height == s.height
                && width == s.width && Objects.equals(kernelSize, s.kernelSize) && activation == s.activation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, height, width, kernelSize, activation);
    }

    @Override
    public String toString() {
        return "ConvUnitSpace(C=" + channels + ", H×W=" + height + "×" + width + ", k=" + kernelSize + ", activation="
                + activation + ")";
    }

    /** Builder of {@link ConvUnitSpace}; each setter checks its argument at once. */
    public static final class Builder {
        private static final String OWNER = "ConvUnitSpace.Builder";
        private ParameterSpace<Integer> channels;
        private int height;
        private int width;
        private ParameterSpace<Integer> kernelSize;
        private Activation activation = Activation.TANH;

        private Builder() {
        }

        /** @param c fixed C ≥ 1 @return this */
        public Builder channels(int c) {
            ConfigChecks.positive(OWNER, "channels", c, "call .channels(C) with C ≥ 1");
            return channels(new FixedValue<>(c));
        }

        /** @param choices the values of C to choose among, each ≥ 1 @return this */
        public Builder channels(int... choices) {
            return channels(discrete("channels", choices));
        }

        /** @param s a space of C (share it with the stem convolution's nOut) @return this */
        public Builder channels(ParameterSpace<Integer> s) {
            this.channels = ConfigChecks.notNull(OWNER, "channels", s, "pass a space of C, e.g. new DiscreteParameterSpace<>(4, 8)");
            return this;
        }

        /** @param h H, the image height the stack receives @param w W @return this */
        public Builder image(int h, int w) {
            ConfigChecks.positive(OWNER, "image height", h, "call .image(H, W) with H, W ≥ 1");
            ConfigChecks.positive(OWNER, "image width", w, "call .image(H, W) with H, W ≥ 1");
            this.height = h;
            this.width = w;
            return this;
        }

        /** @param k fixed odd kernel size (default 3) @return this */
        public Builder kernelSize(int k) {
            ConfigChecks.positive(OWNER, "kernelSize", k, "call .kernelSize(k) with an odd k ≥ 1");
            return kernelSize(new FixedValue<>(k));
        }

        /** @param choices odd kernel sizes to choose among @return this */
        public Builder kernelSizes(int... choices) {
            return kernelSize(discrete("kernelSize", choices));
        }

        /** @param s a space of k (every value odd and ≤ min(H, W)) @return this */
        public Builder kernelSize(ParameterSpace<Integer> s) {
            this.kernelSize = ConfigChecks.notNull(OWNER, "kernelSize", s, "pass a space of odd sizes, e.g. .kernelSizes(1, 3)");
            return this;
        }

        /** @param a σ (default tanh) @return this */
        public Builder activation(Activation a) {
            this.activation = ConfigChecks.notNull(OWNER, "activation", a, "pass e.g. Activation.TANH");
            return this;
        }

        private static ParameterSpace<Integer> discrete(String field, int... choices) {
            if (choices == null || choices.length == 0) {
                throw new IllegalArgumentException(OWNER + "." + field + ": no value given; pass at least one");
            }
            if (choices.length == 1) {
                return new FixedValue<>(choices[0]);
            }
            Integer[] boxed = new Integer[choices.length];
            for (int i = 0; i < choices.length; i++) {
                boxed[i] = choices[i];
            }
            return new DiscreteParameterSpace<>(boxed);
        }

        /** @return the space, every value of its leaves checked */
        public ConvUnitSpace build() {
            return new ConvUnitSpace(this);
        }
    }
}
