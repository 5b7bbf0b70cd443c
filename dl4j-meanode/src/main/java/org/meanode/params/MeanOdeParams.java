package org.meanode.params;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.init.GaussianFill;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.QuadratureNodes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameters of {@link MeanOdeLayer}: for each solver stage i = 0 … r−1, in flattening order,
 * <ul>
 *   <li>"U{i}": [S, D, P], slice n holds the u's of step n, stage i (node p is column p)</li>
 *   <li>"V{i}": [S, D, P], the matching v's</li>
 * </ul>
 * With EULER (r = 1) the keys are "U0", "V0", laid out exactly as a
 * {@link org.meanode.conf.ScaledResidualStack}'s "U", "V" with (L, M) = (S, P).
 *
 * <p>Initialisation ({@link QuadratureNodes}): shared nodes (the default) draw one set of P nodes
 * and copy it into every step and stage; fresh nodes draw every step and stage independently.
 * Fresh IID nodes fill "U{i}" and "V{i}" exactly as {@link GaussianFill} fills a stack's "U"
 * and "V" (streams 2i and 2i+1), so with the same seed a fresh EULER layer starts from the same
 * weights as the stack. Both are weights (DL4J's weight regularization applies), neither is a bias.
 */
public final class MeanOdeParams implements ParamInitializer {
    private static final MeanOdeParams INSTANCE = new MeanOdeParams();

    private MeanOdeParams() {
    }

    /** @return the shared instance */
    public static MeanOdeParams getInstance() {
        return INSTANCE;
    }

    /**
     * @param stage a solver stage
     * @return the key of that stage's u's, "U{stage}"
     */
    public static String uKey(int stage) {
        return "U" + stage;
    }

    /**
     * @param stage a solver stage
     * @return the key of that stage's v's, "V{stage}"
     */
    public static String vKey(int stage) {
        return "V" + stage;
    }

    /**
     * @param key a parameter key of a MeanOdeLayer
     * @return true for a "U{i}" key
     */
    public static boolean isU(String key) {
        return key.startsWith("U");
    }

    /**
     * @param key "U{i}" or "V{i}"
     * @return i
     * @throws IllegalArgumentException for any other key
     */
    public static int stageOf(String key) {
        if (key != null && key.length() > 1 && (key.charAt(0) == 'U' || key.charAt(0) == 'V')) {
            try {
                return Integer.parseInt(key.substring(1));
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        throw new IllegalArgumentException("MeanOdeLayer has no parameter '" + key + "'; its keys are U0, V0, U1, V1, …"
                + " (one pair per solver stage)");
    }

    private static MeanOdeLayer cast(Layer layer) {
        if (!(layer instanceof MeanOdeLayer)) {
            throw new IllegalArgumentException("MeanOdeParams serves MeanOdeLayer layers, got "
                    + (layer == null ? "null" : layer.getClass().getName()));
        }
        return (MeanOdeLayer) layer;
    }

    private static long perParam(MeanOdeLayer l) {
        return (long) l.getSteps() * l.getEmbeddingDim() * l.getNodes();
    }

    /**
     * @param l a layer config
     * @return the shape [S, D, P] of each of its parameters
     */
    public static long[] shape(MeanOdeLayer l) {
        return new long[] {l.getSteps(), l.getEmbeddingDim(), l.getNodes()};
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        MeanOdeLayer l = cast(layer);
        return 2L * l.stages() * perParam(l);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        MeanOdeLayer l = cast(layer);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < l.stages(); i++) {
            keys.add(uKey(i));
            keys.add(vKey(i));
        }
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return paramKeys(layer);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return paramKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        MeanOdeLayer l = cast(conf.getLayer());
        Map<String, INDArray> out = views(l, paramsView);
        if (initializeParams) {
            draw(l, out);
        }
        for (String k : out.keySet()) {
            conf.addVariable(k);
        }
        return out;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(cast(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> views(MeanOdeLayer l, INDArray flat) {
        long n = perParam(l);
        int r = l.stages();
        if (flat.length() != 2 * r * n) {
            throw new IllegalStateException("expected a parameter vector of length " + 2 * r * n + " for " + l + ", got "
                    + flat.length());
        }
        long[] shape = shape(l);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < r; i++) {
            out.put(uKey(i), ParamViews.slice(flat, 2L * i * n, shape));
            out.put(vKey(i), ParamViews.slice(flat, (2L * i + 1) * n, shape));
        }
        return out;
    }

    private static void draw(MeanOdeLayer l, Map<String, INDArray> views) {
        int r = l.stages();
        int s = l.getSteps();
        long d = l.getEmbeddingDim();
        int p = l.getNodes();
        if (!l.isFreshNodes()) {
            QuadratureNodes.Nodes nodes = QuadratureNodes.draw(l.getNodeScheme(), d, p, l.getSigmaU(), l.getSigmaV(),
                    l.getSeed(), 0, views.get(uKey(0)).dataType());
            for (int i = 0; i < r; i++) {
                views.get(uKey(i)).assign(nodes.u().reshape(1, d, p).broadcast(s, d, p));
                views.get(vKey(i)).assign(nodes.v().reshape(1, d, p).broadcast(s, d, p));
            }
            return;
        }
        for (int i = 0; i < r; i++) {
            INDArray u = views.get(uKey(i));
            INDArray v = views.get(vKey(i));
            if (l.getNodeScheme() == NodeScheme.IID) {
                // One call per parameter, as the stack's init: same draws for the same seed.
                GaussianFill.fill(u, l.getSigmaU(), l.getSeed(), 2L * i);
                GaussianFill.fill(v, l.getSigmaV(), l.getSeed(), 2L * i + 1);
                continue;
            }
            INDArray[] us = new INDArray[s];
            INDArray[] vs = new INDArray[s];
            for (int n = 0; n < s; n++) {
                QuadratureNodes.Nodes nodes = QuadratureNodes.draw(l.getNodeScheme(), d, p, l.getSigmaU(), l.getSigmaV(),
                        l.getSeed(), (long) i * s + n, u.dataType());
                us[n] = nodes.u().reshape(1, d, p);
                vs[n] = nodes.v().reshape(1, d, p);
            }
            // Whole-array assignment: no per-slice views of a parameter view (see layers.BlockViews).
            u.assign(Nd4j.concat(0, us));
            v.assign(Nd4j.concat(0, vs));
        }
    }
}
