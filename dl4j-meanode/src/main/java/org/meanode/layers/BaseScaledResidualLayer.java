package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.conf.KernelMode;
import org.meanode.ode.ButcherTableau;
import org.meanode.ode.OdeSolver;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime shared by {@link ScaledResidualBlockLayer} and {@link ScaledResidualStackLayer}:
 * input and output [minibatch, D], nb blocks
 * <pre>
 *   h_{l+1} = h_l + (α/(L·M)) Σ_{j=1..M} φ(h_l, Z_{l,j})      (2LP: φ = v σ(uᵀh/D))
 * </pre>
 * computed by the {@link ResidualKernel} as forward Euler steps whose units are the block's,
 * with the layer's unit function ({@link BaseScaledResidual#effectiveUnit()}). Both report their
 * hidden states ({@link HiddenStateProbe}) and their units ({@link ResidualUnits}) for monitoring.
 *
 * @param <C> the layer's configuration class
 */
public abstract class BaseScaledResidualLayer<C extends BaseScaledResidual> extends UnitLayerRuntime<C>
        implements ResidualUnits {
    private static final long serialVersionUID = 1L;
    private static final ButcherTableau EULER = OdeSolver.EULER.tableau();

    protected BaseScaledResidualLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return a parameter (or gradient) as [nb, rows, M] (a view) */
    protected abstract INDArray u3(INDArray u);

    @Override
    protected INDArray asBlocks(INDArray w) {
        return u3(w);
    }

    @Override
    protected ButcherTableau tableau() {
        return EULER;
    }

    /** @return L·M, so that each unit's output carries α/(L·M) */
    @Override
    protected double denominator() {
        return (double) layerConf().getDepth() * layerConf().getWidth();
    }

    @Override
    protected KernelMode kernelMode() {
        return layerConf().getKernelMode();
    }

    @Override
    protected int checkpointInterval() {
        return layerConf().checkpointInterval();
    }

    @Override
    protected String paramKey(String unitKey, int stage) {
        return unitKey;
    }

    /** @return {@code [0, 1/L, …, nb/L]}: the input and the state after each of the nb blocks */
    @Override
    public double[] stateDepths() {
        C c = layerConf();
        return ProbeSupport.blockStateDepths(c.numBlocks(), c.getDepth());
    }

    /** @return the depth-time of each block relative to the layer's input: {@code [0, 1/L, …, (nb−1)/L]} */
    @Override
    public double[] unitDepths() {
        double[] s = stateDepths();
        return Arrays.copyOf(s, s.length - 1);
    }

    /** @return the u's of every block, [nb, D, M] (a view of the parameters) */
    @Override
    public INDArray unitsU() {
        return block("U");
    }

    /** @return the v's of every block, [nb, D, M] (a view of the parameters) */
    @Override
    public INDArray unitsV() {
        return block("V");
    }

    private INDArray block(String key) {
        C c = layerConf();
        for (UnitParam q : c.unitParams()) {
            if (q.key().equals(key)) {
                return u3(params.get(key));
            }
        }
        throw new UnsupportedOperationException(owner() + ": its unit " + c.effectiveUnit() + " has no parameter block \""
                + key + "\"; unit movement is reported for units with blocks U and V (the units of org.meanode.units)");
    }
}
