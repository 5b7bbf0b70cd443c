package org.meanode.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.init.GaussianFill;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link org.meanode.conf.ScaledResidualBlock} and
 * {@link org.meanode.conf.ScaledResidualStack}: one DL4J parameter per parameter block of the
 * layer's unit function ({@link BaseScaledResidual#effectiveUnit()}), in the unit's order and under
 * its keys, of shape [rows, M] for a block and [L, rows, M] for a stack (unit j of block l is
 * column j of slice l). For the default 2LP unit:
 * <ul>
 *   <li>"U": [D, M] for a block, [L, D, M] for a stack; entries N(0, σ_u²)</li>
 *   <li>"V": same shape; entries N(0, σ_v²)</li>
 * </ul>
 * Entries are i.i.d. N(0, initStd²); block k of the unit draws from stream k of the layer's seed
 * ({@link GaussianFill}). Blocks the unit marks as biases are DL4J biases, the others weights.
 */
public final class ScaledResidualParams extends ParamTable<BaseScaledResidual> {
    /** Key of the first-layer weights U of every 2LP block. */
    public static final String U_KEY = "U";
    /** Key of the second-layer weights V of every 2LP block. */
    public static final String V_KEY = "V";

    private static final ScaledResidualParams INSTANCE = new ScaledResidualParams();

    private ScaledResidualParams() {
        super(BaseScaledResidual.class);
    }

    /** @return the shared instance */
    public static ScaledResidualParams getInstance() {
        return INSTANCE;
    }

    /**
     * @param layer a block or stack config
     * @return the shape of a [D]-per-unit block such as the 2LP unit's U (and V)
     */
    public static long[] shape(BaseScaledResidual layer) {
        return shape(layer, UnitParam.vector(U_KEY, layer.getEmbeddingDim(), 1.0));
    }

    /**
     * @param layer a block or stack config
     * @param p     one of its unit's parameter blocks
     * @return the shape of that parameter: [rows, M] (block) or [L, rows, M] (stack)
     */
    public static long[] shape(BaseScaledResidual layer, UnitParam p) {
        return layer instanceof ScaledResidualBlock
                ? new long[] {p.rows(), layer.getWidth()}
                : new long[] {layer.numBlocks(), p.rows(), layer.getWidth()};
    }

    @Override
    List<Entry> layout(BaseScaledResidual layer) {
        List<Entry> out = new ArrayList<>();
        for (UnitParam p : layer.unitParams()) {
            out.add(Entry.of(p.key(), p, shape(layer, p)));
        }
        return out;
    }

    @Override
    void draw(BaseScaledResidual layer, Map<String, INDArray> views) {
        List<UnitParam> ps = layer.unitParams();
        for (int k = 0; k < ps.size(); k++) {
            GaussianFill.fill(views.get(ps.get(k).key()), ps.get(k).initStd(), layer.getSeed(), k);
        }
    }
}
