package org.meanode.predict;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.MeanOdeLayer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Predicts the RMS distance between a finite α/(L·M)-scaled ResNet's output and its Neural Mean
 * ODE limit's output after a fixed number of training steps, from the error bound of MODEL.md
 * with fitted constants:
 * <pre>
 *   d(L, M, D, α) ≈ c₁ / L + c₂ · α·√D / √(L·M)      (2LP blocks, {@link BlockModel#TWO_LAYER_PERCEPTRON})
 *   d(L, M, D, α) ≈ c₁ / L + c₂ · α / √(L·M)         (generic blocks, {@link BlockModel#GENERIC})
 * </pre>
 * The first term is the discretisation of depth-time (forward Euler with step 1/L), the second
 * the sampling of L·M random units: at equal L·M, depth and width trade one for one in it, while
 * only depth reduces the first. D is the dimension of one unit's output weights,
 * {@link org.meanode.units.UnitFunction#samplingDimension}: the embedding width for the dense units,
 * the channels C for a conv stack ({@link #predict(BaseScaledResidual)} and the network overloads
 * read it from the layer; docs/conv.md, "Distance to the limit"). The constants depend on the task, the number of training steps K,
 * the learning rate and α (for c₁); a predictor is valid for runs like the ones it was fitted on.
 *
 * <pre>{@code
 * DistancePredictor p = DistancePredictor.fit(samples);       // non-negative least squares
 * double d = p.predict(64, 16, 20, 1.0);                      // L, M, D, α
 * double e = p.predict(net.getLayerWiseConfigurations());   // a network's residual stack (any unit)
 * p.save(Path.of("distance.json"));  DistancePredictor q = DistancePredictor.load(Path.of("distance.json"));
 * DistancePredictor shipped = DistancePredictor.defaults();   // constants measured by `meanode rates`
 * }</pre>
 *
 * <p>The fit minimises the squared <em>relative</em> residuals Σ ((ĉ₁f₁ + ĉ₂f₂)/d − 1)² over
 * c₁, c₂ ≥ 0 ({@link NonNegativeLeastSquares}), so that distances spanning decades weigh alike.
 *
 * <p>{@link #defaults()} holds the constants fitted on the run of the examples' {@code rates}
 * command with its default options (sweeps a–d, 19 sizes from (L, M, D) = (1, 256, 20) to
 * (2, 4096, 20) and (16, 16, 40), 4 networks each, K = 15 GD steps at η = 1 on the synthetic task
 * of MODEL.md's experiments, d_in = d_out = 5, N = 10, complete regime α = 1, tanh; the limit a
 * MeanOdeLayer with RK4, S = 2, P = 16384 scrambled Sobol nodes): c₁ ≈ 0.0225, c₂ ≈ 0.122,
 * RMS relative residual 22%. {@link #source()} names the run, {@link #samples()} holds its
 * measurements. What those measurements say about the model's form: the slope in L·M where
 * sampling dominates is −0.46 (the bound's −1/2), but the distance grows with D more slowly than
 * √D (slope +0.16 over D = 5 … 40), so predictions far from D = 20 are rough; and at α = 0.5
 * and 2 (sweeps a and b, 4 networks per size) the α-linear sampling term of the model
 * predicted 0.48–0.85× and 0.74–1.36× of the measured distances: the constants are for α = 1.
 */
public final class DistancePredictor {
    /** Classpath location of the shipped constants. */
    public static final String DEFAULTS_RESOURCE = "/org/meanode/predict/distance-constants.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static volatile DistancePredictor defaults;

    private final BlockModel model;
    private final double c1;
    private final double c2;
    private final List<DistanceSample> samples;
    private final String source;

    private DistancePredictor(BlockModel model, double c1, double c2, List<DistanceSample> samples, String source) {
        this.model = Objects.requireNonNull(model, "model");
        if (!(c1 >= 0) || !(c2 >= 0) || Double.isInfinite(c1) || Double.isInfinite(c2) || c1 + c2 == 0) {
            throw new IllegalArgumentException("DistancePredictor constants must be finite, ≥ 0 and not both 0, got c1 = " + c1
                    + ", c2 = " + c2);
        }
        this.c1 = c1;
        this.c2 = c2;
        this.samples = List.copyOf(samples);
        this.source = source == null ? "" : source;
    }

    /**
     * A predictor with given constants (no samples behind it).
     *
     * @param model the form of the bound
     * @param c1    constant of 1/L, ≥ 0
     * @param c2    constant of the sampling term, ≥ 0
     * @param source where the constants come from (free text)
     * @return the predictor
     */
    public static DistancePredictor of(BlockModel model, double c1, double c2, String source) {
        return new DistancePredictor(model, c1, c2, List.of(), source);
    }

    /**
     * Fits the 2LP form c₁/L + c₂·α√D/√(L·M).
     *
     * @param samples at least 2 samples that separate the two terms (not all with the same α·√(D·L/M))
     * @return the fitted predictor
     */
    public static DistancePredictor fit(List<DistanceSample> samples) {
        return fit(samples, BlockModel.TWO_LAYER_PERCEPTRON, "fitted on " + (samples == null ? 0 : samples.size()) + " samples");
    }

    /**
     * Fits c₁, c₂ ≥ 0 by non-negative least squares on relative residuals.
     *
     * @param samples at least 2 samples that separate the two terms
     * @param model   the form of the bound
     * @param source  where the samples come from (recorded in JSON)
     * @return the fitted predictor
     */
    public static DistancePredictor fit(List<DistanceSample> samples, BlockModel model, String source) {
        if (samples == null || samples.size() < 2) {
            throw new IllegalArgumentException("DistancePredictor.fit needs at least 2 samples, got "
                    + (samples == null ? "null" : samples.size()) + "; measure distances at several (L, M) first");
        }
        Objects.requireNonNull(model, "model");
        int n = samples.size();
        double[][] a = new double[n][2];
        double[] b = new double[n];
        double minRatio = Double.POSITIVE_INFINITY;
        double maxRatio = 0;
        for (int i = 0; i < n; i++) {
            DistanceSample s = Objects.requireNonNull(samples.get(i), "samples[" + i + "]");
            double f1 = model.discretisationFeature(s.depth());
            double f2 = model.samplingFeature(s.depth(), s.width(), s.embeddingDim(), s.alpha());
            a[i][0] = f1 / s.distance();
            a[i][1] = f2 / s.distance();
            b[i] = 1.0;
            minRatio = Math.min(minRatio, f2 / f1);
            maxRatio = Math.max(maxRatio, f2 / f1);
        }
        if (maxRatio <= minRatio * (1 + 1e-9)) {
            throw new IllegalArgumentException("DistancePredictor.fit: every sample has the same ratio of the sampling term to"
                    + " the 1/L term (" + minRatio + "), so c1 and c2 cannot be told apart; add samples with other L/M"
                    + (model == BlockModel.TWO_LAYER_PERCEPTRON ? " or D" : ""));
        }
        double[] c = NonNegativeLeastSquares.solve(a, b);
        return new DistancePredictor(model, c[0], c[1], samples, source);
    }

    /**
     * @param depth        L ≥ 1
     * @param width        M ≥ 1
     * @param embeddingDim D ≥ 1
     * @param alpha        α &gt; 0
     * @return the predicted RMS distance to the limit, c₁/L + c₂·s(L, M, D, α)
     */
    public double predict(int depth, int width, int embeddingDim, double alpha) {
        return discretisationTerm(depth) + samplingTerm(depth, width, embeddingDim, alpha);
    }

    /**
     * The prediction for a configured residual layer: its depth L, width M, α, and as D the
     * dimension of the bound's sampling term for its unit,
     * {@link org.meanode.units.UnitFunction#samplingDimension} (the embedding width for the dense
     * units; C, not C·H·W, for a {@link org.meanode.units.ConvUnit}: docs/conv.md, "Distance to the
     * limit").
     *
     * @param layer a {@link org.meanode.conf.ScaledResidualBlock} or {@link org.meanode.conf.ScaledResidualStack}
     * @return c₁/L + c₂·s(L, M, D, α)
     */
    public double predict(BaseScaledResidual layer) {
        Objects.requireNonNull(layer, "layer");
        return predict(layer.getDepth(), layer.getWidth(), samplingDimension(layer), layer.getAlpha());
    }

    /**
     * The prediction for a network holding one residual stack (one ScaledResidualStack, or its L
     * ScaledResidualBlocks of equal shape), among any other layers (e.g. a stem convolution,
     * pooling and an output layer): {@link #predict(BaseScaledResidual)} of its residual layers.
     *
     * @param conf a MultiLayerNetwork's configuration
     * @return the predicted distance to the limit
     * @throws IllegalArgumentException when the network has no residual layer, holds a MeanOdeLayer
     *         (the limit itself), or residual layers of different shapes (predict each with
     *         {@link #predict(BaseScaledResidual)})
     */
    public double predict(MultiLayerConfiguration conf) {
        Objects.requireNonNull(conf, "conf");
        List<Layer> layers = new ArrayList<>();
        conf.getConfs().forEach(c -> layers.add(c.getLayer()));
        return predict(network(layers));
    }

    /**
     * As {@link #predict(MultiLayerConfiguration)} for a ComputationGraph's configuration.
     *
     * @param conf the graph's configuration
     * @return the predicted distance to the limit
     */
    public double predict(ComputationGraphConfiguration conf) {
        Objects.requireNonNull(conf, "conf");
        List<Layer> layers = new ArrayList<>();
        conf.getVertices().values().forEach(v -> {
            if (v instanceof LayerVertex lv) {
                layers.add(lv.getLayerConf().getLayer());
            }
        });
        return predict(network(layers));
    }

    /** @return the network's one residual shape, as its first residual layer */
    private static BaseScaledResidual network(List<Layer> layers) {
        BaseScaledResidual first = null;
        for (Layer l : layers) {
            if (l instanceof MeanOdeLayer) {
                throw new IllegalArgumentException("DistancePredictor: layer '" + l.getLayerName() + "' is a MeanOdeLayer,"
                        + " the Neural Mean ODE limit itself; the bound predicts the distance of a finite network"
                        + " (ScaledResidualBlock/Stack) to it");
            }
            if (l instanceof BaseScaledResidual r) {
                if (first == null) {
                    first = r;
                } else if (r.getDepth() != first.getDepth() || r.getWidth() != first.getWidth()
                        || Double.compare(r.getAlpha(), first.getAlpha()) != 0
                        || samplingDimension(r) != samplingDimension(first)) {
                    throw new IllegalArgumentException("DistancePredictor: the network has residual layers of different"
                            + " shapes, " + describe(first) + " and " + describe(r) + "; the bound is for one residual"
                            + " stack: predict each with predict(layer)");
                }
            }
        }
        if (first == null) {
            throw new IllegalArgumentException("DistancePredictor: the network has no ScaledResidualBlock or"
                    + " ScaledResidualStack, so there is no finite residual stack whose distance to its limit to predict");
        }
        return first;
    }

    private static String describe(BaseScaledResidual r) {
        return "'" + r.getLayerName() + "' (L = " + r.getDepth() + ", M = " + r.getWidth() + ", D = "
                + samplingDimension(r) + ", α = " + r.getAlpha() + ")";
    }

    /** @return the layer's D of the bound, as an int */
    private static int samplingDimension(BaseScaledResidual layer) {
        return Math.toIntExact(layer.effectiveUnit().samplingDimension(layer.getEmbeddingDim()));
    }

    /**
     * @param depth L ≥ 1
     * @return c₁/L
     */
    public double discretisationTerm(int depth) {
        DistanceSample.checkSize(depth, 1, 1, 1.0);
        return c1 * model.discretisationFeature(depth);
    }

    /**
     * @param depth        L ≥ 1
     * @param width        M ≥ 1
     * @param embeddingDim D ≥ 1
     * @param alpha        α &gt; 0
     * @return c₂·α√D/√(L·M) (2LP) or c₂·α/√(L·M) (generic)
     */
    public double samplingTerm(int depth, int width, int embeddingDim, double alpha) {
        DistanceSample.checkSize(depth, width, embeddingDim, alpha);
        return c2 * model.samplingFeature(depth, width, embeddingDim, alpha);
    }

    /** @return the form of the bound */
    public BlockModel model() {
        return model;
    }

    /** @return c₁, the constant of 1/L */
    public double c1() {
        return c1;
    }

    /** @return c₂, the constant of the sampling term */
    public double c2() {
        return c2;
    }

    /** @return the samples of the fit (empty for {@link #of}) */
    public List<DistanceSample> samples() {
        return samples;
    }

    /** @return where the constants come from */
    public String source() {
        return source;
    }

    /**
     * @return (predicted − measured)/measured for each sample, in sample order
     */
    public List<Double> relativeResiduals() {
        List<Double> r = new ArrayList<>(samples.size());
        for (DistanceSample s : samples) {
            r.add(predict(s.depth(), s.width(), s.embeddingDim(), s.alpha()) / s.distance() - 1);
        }
        return Collections.unmodifiableList(r);
    }

    /** @return root-mean-square of {@link #relativeResiduals()}; NaN without samples */
    public double rmsRelativeResidual() {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (double r : relativeResiduals()) {
            s += r * r;
        }
        return Math.sqrt(s / samples.size());
    }

    /**
     * @return coefficient of determination of log(predicted) against log(measured),
     *         1 − Σ(log d − log d̂)² / Σ(log d − mean log d)²; NaN without samples
     */
    public double rSquared() {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double mean = 0;
        for (DistanceSample s : samples) {
            mean += Math.log(s.distance()) / samples.size();
        }
        double rss = 0;
        double tss = 0;
        for (DistanceSample s : samples) {
            double ld = Math.log(s.distance());
            double lp = Math.log(predict(s.depth(), s.width(), s.embeddingDim(), s.alpha()));
            rss += (ld - lp) * (ld - lp);
            tss += (ld - mean) * (ld - mean);
        }
        return tss == 0 ? Double.NaN : 1 - rss / tss;
    }

    /**
     * @param newSource a description of where the constants come from
     * @return a copy with that source
     */
    public DistancePredictor withSource(String newSource) {
        return new DistancePredictor(model, c1, c2, samples, newSource);
    }

    /**
     * The predictor shipped with the library: constants fitted on the default run of the
     * examples' {@code rates} command (see {@link #source()} and the README's "Convergence rates").
     *
     * @return the shipped predictor
     */
    public static DistancePredictor defaults() {
        DistancePredictor d = defaults;
        if (d == null) {
            try (InputStream in = DistancePredictor.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + DEFAULTS_RESOURCE + " is missing from the classpath");
                }
                d = fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + DEFAULTS_RESOURCE, e);
            }
            defaults = d;
        }
        return d;
    }

    /** @return this predictor as JSON: model, constants, fit quality, source and samples */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model.name());
        root.put("c1", c1);
        root.put("c2", c2);
        if (!samples.isEmpty()) {
            root.put("rSquaredLog", rSquared());
            root.put("rmsRelativeResidual", rmsRelativeResidual());
        }
        root.put("source", source);
        ArrayNode arr = root.putArray("samples");
        for (DistanceSample s : samples) {
            ObjectNode o = arr.addObject();
            o.put("depth", s.depth());
            o.put("width", s.width());
            o.put("embeddingDim", s.embeddingDim());
            o.put("alpha", s.alpha());
            o.put("distance", s.distance());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a predictor written by {@link #toJson()}. The constants are read as written (not
     * refitted); the fit statistics are recomputed from the samples.
     *
     * @param json the text
     * @return the predictor
     */
    public static DistancePredictor fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("DistancePredictor JSON is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("DistancePredictor JSON must be an object with model, c1, c2");
        }
        BlockModel model;
        String m = field(root, "model").asText();
        try {
            model = BlockModel.valueOf(m);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DistancePredictor JSON: model = \"" + m + "\" is unknown; use one of "
                    + Arrays.toString(BlockModel.values()), e);
        }
        double c1 = number(root, "c1");
        double c2 = number(root, "c2");
        List<DistanceSample> samples = new ArrayList<>();
        JsonNode arr = root.get("samples");
        if (arr != null && arr.isArray()) {
            for (JsonNode s : arr) {
                samples.add(new DistanceSample((int) number(s, "depth"), (int) number(s, "width"),
                        (int) number(s, "embeddingDim"), number(s, "alpha"), number(s, "distance")));
            }
        }
        JsonNode src = root.get("source");
        return new DistancePredictor(model, c1, c2, samples, src == null ? "" : src.asText());
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("DistancePredictor JSON lacks the field \"" + name + "\"");
        }
        return v;
    }

    private static double number(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("DistancePredictor JSON field \"" + name + "\" must be a number, got " + v);
        }
        return v.asDouble();
    }

    /**
     * @param file destination (overwritten)
     * @throws IOException if it cannot be written
     */
    public void save(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    /**
     * @param file a file written by {@link #save}
     * @return the predictor
     * @throws IOException if it cannot be read
     */
    public static DistancePredictor load(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistancePredictor p && model == p.model && Double.compare(c1, p.c1) == 0
                && Double.compare(c2, p.c2) == 0 && samples.equals(p.samples) && source.equals(p.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, c1, c2, samples, source);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "DistancePredictor[%s: d ≈ %.4g/L + %.4g·%s, %d samples, R²(log) = %.3f]",
                model, c1, c2, model == BlockModel.TWO_LAYER_PERCEPTRON ? "α√D/√(LM)" : "α/√(LM)", samples.size(), rSquared());
    }
}
