package org.meanode.params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.ScaledResidualBlock;
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
public final class ScaledResidualParams extends ViewParams<BaseScaledResidual> {
    /** Key of the first-layer weights U of every block. */
    public static final String U_KEY = "U";
    /** Key of the second-layer weights V of every block. */
    public static final String V_KEY = "V";

    private static final ScaledResidualParams INSTANCE = new ScaledResidualParams();

    private ScaledResidualParams() {
        super(BaseScaledResidual.class, List.of(U_KEY, V_KEY));
    }

    /** @return the shared instance */
    public static ScaledResidualParams getInstance() {
        return INSTANCE;
    }

    /**
     * @param layer a block or stack config
     * @return the shape of U (and of V)
     */
    public static long[] shape(BaseScaledResidual layer) {
        long d = layer.getEmbeddingDim();
        return layer instanceof ScaledResidualBlock
                ? new long[] {d, layer.getWidth()}
                : new long[] {layer.numBlocks(), d, layer.getWidth()};
    }

    private static long perParam(BaseScaledResidual l) {
        return (long) l.numBlocks() * l.getEmbeddingDim() * l.getWidth();
    }

    @Override
    long count(BaseScaledResidual layer) {
        return 2 * perParam(layer);
    }

    @Override
    void draw(BaseScaledResidual l, Map<String, INDArray> views) {
        GaussianFill.fill(views.get(U_KEY), l.getSigmaU(), l.getSeed(), 0);
        GaussianFill.fill(views.get(V_KEY), l.getSigmaV(), l.getSeed(), 1);
    }

    @Override
    Map<String, INDArray> views(BaseScaledResidual l, INDArray flat) {
        long n = perParam(l);
        if (flat.length() != 2 * n) {
            throw new IllegalStateException("expected a parameter vector of length " + 2 * n + " for " + l + ", got "
                    + flat.length());
        }
        long[] shape = shape(l);
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(U_KEY, ParamViews.slice(flat, 0, shape));
        out.put(V_KEY, ParamViews.slice(flat, n, shape));
        return out;
    }
}
