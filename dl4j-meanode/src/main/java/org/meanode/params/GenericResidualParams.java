package org.meanode.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.BaseGenericResidual;
import org.meanode.conf.GenericResidualBlock;
import org.meanode.init.GaussianFill;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link org.meanode.conf.GenericResidualBlock} and
 * {@link org.meanode.conf.GenericResidualStack}: one DL4J parameter per parameter block of the
 * layer's unit function, in the unit's order and under its keys, of shape [rows, M] for a block
 * and [L, rows, M] for a stack (unit j of block l is column j of slice l). Entries are i.i.d.
 * N(0, initStd²); block k of the unit draws from stream k of the layer's seed (so the 2LP unit's
 * U and V are drawn exactly as {@link ScaledResidualParams} draws them). Blocks the unit marks as
 * biases are DL4J biases, the others weights.
 */
public final class GenericResidualParams implements ParamInitializer {
    private static final GenericResidualParams INSTANCE = new GenericResidualParams();

    private GenericResidualParams() {
    }

    /** @return the shared instance */
    public static GenericResidualParams getInstance() {
        return INSTANCE;
    }

    /**
     * @param layer a generic block or stack config
     * @param p     one of its unit's parameter blocks
     * @return the shape of that parameter
     */
    public static long[] shape(BaseGenericResidual layer, UnitParam p) {
        return layer instanceof GenericResidualBlock
                ? new long[] {p.rows(), layer.getWidth()}
                : new long[] {layer.numBlocks(), p.rows(), layer.getWidth()};
    }

    private static BaseGenericResidual cast(Layer layer) {
        if (!(layer instanceof BaseGenericResidual)) {
            throw new IllegalArgumentException("GenericResidualParams serves BaseGenericResidual layers, got "
                    + (layer == null ? "null" : layer.getClass().getName()));
        }
        return (BaseGenericResidual) layer;
    }

    private static long length(BaseGenericResidual l, UnitParam p) {
        return (long) l.numBlocks() * p.rows() * l.getWidth();
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        BaseGenericResidual l = cast(layer);
        long n = 0;
        for (UnitParam p : l.unitParams()) {
            n += length(l, p);
        }
        return n;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return keys(layer, null);
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return keys(layer, false);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return keys(layer, true);
    }

    private static List<String> keys(Layer layer, Boolean bias) {
        List<String> out = new ArrayList<>();
        for (UnitParam p : cast(layer).unitParams()) {
            if (bias == null || p.bias() == bias) {
                out.add(p.key());
            }
        }
        return out;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return weightKeys(layer).contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return biasKeys(layer).contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        BaseGenericResidual layer = cast(conf.getLayer());
        Map<String, INDArray> out = views(layer, paramsView);
        List<UnitParam> ps = layer.unitParams();
        if (initializeParams) {
            for (int k = 0; k < ps.size(); k++) {
                GaussianFill.fill(out.get(ps.get(k).key()), ps.get(k).initStd(), layer.getSeed(), k);
            }
        }
        for (UnitParam p : ps) {
            conf.addVariable(p.key());
        }
        return out;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(cast(conf.getLayer()), gradientView);
    }

    private static Map<String, INDArray> views(BaseGenericResidual l, INDArray flat) {
        long total = INSTANCE.numParams(l);
        if (flat.length() != total) {
            throw new IllegalStateException("expected a parameter vector of length " + total + " for " + l + ", got "
                    + flat.length());
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        long offset = 0;
        for (UnitParam p : l.unitParams()) {
            out.put(p.key(), ParamViews.slice(flat, offset, shape(l, p)));
            offset += length(l, p);
        }
        return out;
    }
}
