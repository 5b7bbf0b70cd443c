package org.meanode.params;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.init.GaussianFill;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link org.meanode.conf.ScaledResidualBlock} and
 * {@link org.meanode.conf.ScaledResidualStack}, in flattening order:
 * <ul>
 *   <li>"U": [D, M] for a block, [L, D, M] for a stack; entries N(0, σ_u²)</li>
 *   <li>"V": same shape; entries N(0, σ_v²)</li>
 * </ul>
 * Both are weights (DL4J's weight regularization applies), neither is a bias.
 */
public final class ScaledResidualParams implements ParamInitializer {
    /** Key of the first-layer weights U of every block. */
    public static final String U_KEY = "U";
    /** Key of the second-layer weights V of every block. */
    public static final String V_KEY = "V";

    private static final ScaledResidualParams INSTANCE = new ScaledResidualParams();
    private static final List<String> KEYS = List.of(U_KEY, V_KEY);

    private ScaledResidualParams() {
    }

    /** @return the shared instance */
    public static ScaledResidualParams getInstance() {
        return INSTANCE;
    }

    private static BaseScaledResidual cast(Layer layer) {
        if (!(layer instanceof BaseScaledResidual)) {
            throw new IllegalArgumentException("ScaledResidualParams serves ScaledResidualBlock/ScaledResidualStack, got "
                    + (layer == null ? "null" : layer.getClass().getName()));
        }
        return (BaseScaledResidual) layer;
    }

    /**
     * @param layer a block or stack config
     * @return the shape of U (and of V)
     */
    public static long[] shape(BaseScaledResidual layer) {
        long d = layer.getEmbeddingDim();
        return layer.numBlocks() == 1 && layer instanceof org.meanode.conf.ScaledResidualBlock
                ? new long[] {d, layer.getWidth()}
                : new long[] {layer.numBlocks(), d, layer.getWidth()};
    }

    private static long perParam(BaseScaledResidual l) {
        return (long) l.numBlocks() * l.getEmbeddingDim() * l.getWidth();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return 2 * perParam(cast(layer));
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return KEYS.contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        BaseScaledResidual l = cast(conf.getLayer());
        Map<String, INDArray> out = views(l, paramsView);
        if (initializeParams) {
            GaussianFill.fill(out.get(U_KEY), l.getSigmaU(), l.getSeed(), 0);
            GaussianFill.fill(out.get(V_KEY), l.getSigmaV(), l.getSeed(), 1);
        }
        for (String k : KEYS) {
            conf.addVariable(k);
        }
        return out;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(cast(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> views(BaseScaledResidual l, INDArray flat) {
        long n = perParam(l);
        if (flat.length() != 2 * n) {
            throw new IllegalStateException("expected a parameter vector of length " + 2 * n + " for " + l + ", got " + flat.length());
        }
        long[] shape = shape(l);
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(U_KEY, ParamViews.slice(flat, 0, shape));
        out.put(V_KEY, ParamViews.slice(flat, n, shape));
        return out;
    }
}
