package org.meanode.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.init.GaussianFill;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.QuadratureNodes;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameters of {@link MeanOdeLayer}: for each solver stage i = 0 … r−1, in flattening order,
 * one parameter per block of the layer's unit function ({@link MeanOdeLayer#effectiveUnit()}),
 * under the block's key followed by i, of shape [S, rows, P]. For MODEL.md's 2LP unit (the
 * default):
 * <ul>
 *   <li>"U{i}": [S, D, P], slice n holds the u's of step n, stage i (node p is column p)</li>
 *   <li>"V{i}": [S, D, P], the matching v's</li>
 * </ul>
 * (for {@link org.meanode.units.TwoLayerBiasUnit}: "U{i}", "b{i}" [S, 1, P], "V{i}").
 * With EULER (r = 1) the keys are "U0", "V0", laid out exactly as a
 * {@link org.meanode.conf.ScaledResidualStack}'s "U", "V" with (L, M) = (S, P).
 *
 * <p>Initialisation ({@link QuadratureNodes}): shared nodes (the default) draw one set of P nodes
 * and copy it into every step and stage; fresh nodes draw every step and stage independently.
 * Fresh IID nodes fill block k of stage i exactly as {@link GaussianFill} fills a stack's block
 * k (stream K·i + k for a unit of K blocks; "U{i}", "V{i}" get streams 2i and 2i+1), so with the
 * same seed a fresh EULER layer starts from the same weights as the stack
 * ({@link org.meanode.conf.ScaledResidualStack} with the same unit). Blocks the unit marks as biases are DL4J biases, the others weights.
 */
public final class MeanOdeParams extends ParamTable<MeanOdeLayer> {
    private static final MeanOdeParams INSTANCE = new MeanOdeParams();

    private MeanOdeParams() {
        super(MeanOdeLayer.class);
    }

    /** @return the shared instance */
    public static MeanOdeParams getInstance() {
        return INSTANCE;
    }

    /**
     * @param unitKey a parameter block's key in the unit function, e.g. "U"
     * @param stage   a solver stage
     * @return the layer's key of that block for that stage, unitKey followed by the stage
     */
    public static String key(String unitKey, int stage) {
        return unitKey + stage;
    }

    /**
     * @param key a parameter key of a MeanOdeLayer, e.g. "b2"
     * @return the unit's key of the block, e.g. "b"
     * @throws IllegalArgumentException if the key does not end with a stage number
     */
    public static String unitKeyOf(String key) {
        return key.substring(0, key.length() - Integer.toString(stageOf(key)).length());
    }

    /**
     * @param stage a solver stage
     * @return the key of that stage's u's, "U{stage}"
     */
    public static String uKey(int stage) {
        return key("U", stage);
    }

    /**
     * @param stage a solver stage
     * @return the key of that stage's v's, "V{stage}"
     */
    public static String vKey(int stage) {
        return key("V", stage);
    }

    /**
     * @param key a unit block's key followed by a stage number, e.g. "U1", "b0"
     * @return the stage number
     * @throws IllegalArgumentException for a key without a stage number
     */
    public static int stageOf(String key) {
        int i = key == null ? 0 : key.length();
        while (i > 0 && Character.isDigit(key.charAt(i - 1))) {
            i--;
        }
        if (key != null && i > 0 && i < key.length()) {
            try {
                return Integer.parseInt(key.substring(i));
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        throw new IllegalArgumentException("MeanOdeLayer has no parameter '" + key + "'; its keys are the unit's block"
                + " keys followed by the solver stage: U0, V0, U1, V1, … for the 2LP unit");
    }

    /**
     * @param l a layer config
     * @param q one of its unit's parameter blocks
     * @return the shape [S, rows, P] of that block's parameter for every stage
     */
    public static long[] shape(MeanOdeLayer l, UnitParam q) {
        return new long[] {l.getSteps(), q.rows(), l.getNodes()};
    }

    @Override
    List<Entry> layout(MeanOdeLayer l) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < l.stages(); i++) {
            for (UnitParam q : l.unitParams()) {
                out.add(Entry.of(key(q.key(), i), q, shape(l, q)));
            }
        }
        return out;
    }

    @Override
    void draw(MeanOdeLayer l, Map<String, INDArray> views) {
        drawNodes(l, views);
    }

    private static void drawNodes(MeanOdeLayer l, Map<String, INDArray> views) {
        int r = l.stages();
        int s = l.getSteps();
        int p = l.getNodes();
        List<UnitParam> ps = l.unitParams();
        int kk = ps.size();
        DataType dt = views.values().iterator().next().dataType();
        if (!l.isFreshNodes()) {
            INDArray[] nodes = QuadratureNodes.drawBlocks(l.getNodeScheme(), ps, p, l.getSeed(), 0, dt);
            for (int i = 0; i < r; i++) {
                for (int k = 0; k < kk; k++) {
                    long rows = ps.get(k).rows();
                    views.get(key(ps.get(k).key(), i)).assign(nodes[k].reshape(1, rows, p).broadcast(s, rows, p));
                }
            }
            return;
        }
        for (int i = 0; i < r; i++) {
            if (l.getNodeScheme() == NodeScheme.IID) {
                // One call per parameter, as the stack's init: same draws for the same seed.
                for (int k = 0; k < kk; k++) {
                    GaussianFill.fill(views.get(key(ps.get(k).key(), i)), ps.get(k).initStd(), l.getSeed(), (long) kk * i + k);
                }
                continue;
            }
            INDArray[][] steps = new INDArray[kk][s];
            for (int n = 0; n < s; n++) {
                INDArray[] nodes = QuadratureNodes.drawBlocks(l.getNodeScheme(), ps, p, l.getSeed(), (long) i * s + n, dt);
                for (int k = 0; k < kk; k++) {
                    steps[k][n] = nodes[k].reshape(1, ps.get(k).rows(), p);
                }
            }
            // Whole-array assignment: no per-slice views of a parameter view (see layers.BlockViews).
            for (int k = 0; k < kk; k++) {
                views.get(key(ps.get(k).key(), i)).assign(Nd4j.concat(0, steps[k]));
            }
        }
    }
}
