package org.meanode.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.ConfigValidation;
import org.meanode.conf.MemoryCheck;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shared part of the plugin's param initializers ({@link ScaledResidualParams},
 * {@link MeanOdeParams}, {@link ScaledDenseParams}): the layer's parameters are a list of entries
 * (DL4J key, bias or weight, shape) in flattening order; every array handed to DL4J is a c-order
 * view of the flat vector; values are drawn only when DL4J asks for initialisation. For the
 * residual layers the entries are the blocks of the unit function ({@link UnitParam}), biases
 * where the unit says so.
 *
 * @param <C> the layer config this initializer serves
 */
abstract class ParamTable<C extends Layer> implements ParamInitializer {
    /**
     * One DL4J parameter.
     *
     * @param key   its DL4J key
     * @param bias  whether DL4J treats it as a bias (else a weight)
     * @param shape its shape
     */
    record Entry(String key, boolean bias, long[] shape) {
        /** @return the entry of a unit's block */
        static Entry of(String key, UnitParam p, long[] shape) {
            return new Entry(key, p.bias(), shape);
        }

        long length() {
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            return n;
        }
    }

    private final Class<C> type;

    ParamTable(Class<C> type) {
        this.type = type;
    }

    /** @return the layer's parameters in flattening order */
    abstract List<Entry> layout(C layer);

    /** Draws initial values into the views (keyed as the layout). */
    abstract void draw(C layer, Map<String, INDArray> views);

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
        ConfigValidation.check(layer); // every path (builder, JSON, ModelSerializer, Arbiter) sizes the layer here first
        long n = 0;
        for (Entry e : layout(cast(layer))) {
            n += e.length();
        }
        return MemoryCheck.check(layer, n); // before DL4J allocates: an absurd size fails here, naming the estimate
    }

    @Override
    public final List<String> paramKeys(Layer layer) {
        return keys(layer, null);
    }

    @Override
    public final List<String> weightKeys(Layer layer) {
        return keys(layer, false);
    }

    @Override
    public final List<String> biasKeys(Layer layer) {
        return keys(layer, true);
    }

    private List<String> keys(Layer layer, Boolean bias) {
        List<String> out = new ArrayList<>();
        for (Entry e : layout(cast(layer))) {
            if (bias == null || e.bias() == bias) {
                out.add(e.key());
            }
        }
        return out;
    }

    @Override
    public final boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public final boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public final Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        C layer = ConfigValidation.check(cast(conf.getLayer()));
        Map<String, INDArray> out = views(layer, paramsView);
        if (initializeParams) {
            draw(layer, out);
        }
        for (String k : out.keySet()) {
            conf.addVariable(k);
        }
        return out;
    }

    @Override
    public final Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(cast(conf.getLayer()), gradientView);
    }

    private Map<String, INDArray> views(C layer, INDArray flat) {
        List<Entry> layout = layout(layer);
        long total = 0;
        for (Entry e : layout) {
            total += e.length();
        }
        if (flat.length() != total) {
            throw new IllegalStateException("expected a parameter vector of length " + total + " for " + layer + ", got "
                    + flat.length());
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (Entry e : layout) {
            out.put(e.key(), ParamViews.slice(flat, offset, e.shape()));
            offset += e.length();
        }
        return out;
    }
}
