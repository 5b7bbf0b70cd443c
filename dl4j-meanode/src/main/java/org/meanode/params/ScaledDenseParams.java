package org.meanode.params;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.BaseScaledDense;
import org.meanode.init.GaussianFill;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link org.meanode.conf.MeanOdeEmbedding} and
 * {@link org.meanode.conf.MeanOdeReadout}: one weight "W" of shape [nIn, nOut], entries
 * N(0, initStd²); no bias.
 */
public final class ScaledDenseParams implements ParamInitializer {
    /** Key of the weight matrix. */
    public static final String W_KEY = "W";

    private static final ScaledDenseParams INSTANCE = new ScaledDenseParams();
    private static final List<String> KEYS = List.of(W_KEY);

    private ScaledDenseParams() {
    }

    /** @return the shared instance */
    public static ScaledDenseParams getInstance() {
        return INSTANCE;
    }

    private static BaseScaledDense cast(Layer layer) {
        if (!(layer instanceof BaseScaledDense)) {
            throw new IllegalArgumentException("ScaledDenseParams serves MeanOdeEmbedding/MeanOdeReadout, got "
                    + (layer == null ? "null" : layer.getClass().getName()));
        }
        return (BaseScaledDense) layer;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        BaseScaledDense l = cast(layer);
        return l.getNIn() * l.getNOut();
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
        return W_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        BaseScaledDense l = cast(conf.getLayer());
        Map<String, INDArray> out = views(l, paramsView);
        if (initializeParams) {
            GaussianFill.fill(out.get(W_KEY), l.initStd(), l.getSeed(), 2);
        }
        conf.addVariable(W_KEY);
        return out;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(cast(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> views(BaseScaledDense l, INDArray flat) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(W_KEY, ParamViews.slice(flat, 0, l.getNIn(), l.getNOut()));
        return out;
    }
}
