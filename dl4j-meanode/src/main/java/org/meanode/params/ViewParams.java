package org.meanode.params;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared part of the plugin's param initializers: every parameter is a weight (no biases),
 * every array handed to DL4J is a view of its flat vector, and values are drawn only when
 * DL4J asks for initialisation.
 *
 * @param <C> the layer config this initializer serves
 */
abstract class ViewParams<C extends Layer> implements ParamInitializer {
    private final Class<C> type;
    private final List<String> keys;

    ViewParams(Class<C> type, List<String> keys) {
        this.type = type;
        this.keys = keys;
    }

    /** @return views of {@code flat}, keyed in flattening order */
    abstract Map<String, INDArray> views(C layer, INDArray flat);

    /** Draws initial values into the views. */
    abstract void draw(C layer, Map<String, INDArray> views);

    /** @return the number of parameters of the layer */
    abstract long count(C layer);

    final C cast(Layer layer) {
        if (!type.isInstance(layer)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " serves " + type.getSimpleName()
                    + " layers, got " + (layer == null ? "null" : layer.getClass().getName()));
        }
        return type.cast(layer);
    }

    @Override
    public final long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public final long numParams(Layer layer) {
        return count(cast(layer));
    }

    @Override
    public final List<String> paramKeys(Layer layer) {
        return keys;
    }

    @Override
    public final List<String> weightKeys(Layer layer) {
        return keys;
    }

    @Override
    public final List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public final boolean isWeightParam(Layer layer, String key) {
        return keys.contains(key);
    }

    @Override
    public final boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public final Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        C layer = cast(conf.getLayer());
        Map<String, INDArray> out = views(layer, paramsView);
        if (initializeParams) {
            draw(layer, out);
        }
        for (String k : keys) {
            conf.addVariable(k);
        }
        return out;
    }

    @Override
    public final Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(cast(conf.getLayer()), gradientView);
    }
}
