package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.KernelMode;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.ButcherTableau;
import org.meanode.params.MeanOdeParams;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link MeanOdeLayer}: [minibatch, D] → [minibatch, D], S steps of the solver's
 * Runge–Kutta scheme and their exact discrete adjoint, on the same {@link ResidualKernel} as the
 * finite layers: a stage of a step is a block whose units are the P quadrature nodes, with
 * multiplier α·b_i/(S·P) (den = S·P). Stage i's units are exposed in the paper's layout D×P×S
 * ({@code [:, :, n]} is step n), as a stack's are D×M×L; internally they are [S, D, P]. For
 * monitoring it reports its hidden states at the S+1 grid points ({@link HiddenStateProbe}) and
 * its units per step and stage ({@link ResidualUnits}).
 */
public class MeanOdeLayerRuntime extends UnitLayerRuntime<MeanOdeLayer> implements ResidualUnits {
    private static final long serialVersionUID = 1L;

    /**
     * @param conf     the network-level configuration holding a {@link MeanOdeLayer}
     * @param dataType the parameter data type
     */
    public MeanOdeLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected ButcherTableau tableau() {
        return layerConf().getSolver().tableau();
    }

    /** @return S·P: each node's output in stage i carries α·b_i/(S·P) */
    @Override
    protected double denominator() {
        return (double) layerConf().getSteps() * layerConf().getNodes();
    }

    @Override
    protected KernelMode kernelMode() {
        return KernelMode.AUTO;
    }

    @Override
    protected int checkpointInterval() {
        return 0;
    }

    @Override
    protected String paramKey(String unitKey, int stage) {
        return MeanOdeParams.key(unitKey, stage);
    }

    @Override
    protected INDArray asBlocks(INDArray w) {
        return w;
    }

    /** @return the solver's grid {@code [0, 1/S, …, 1]} */
    @Override
    public double[] stateDepths() {
        int steps = layerConf().getSteps();
        double[] s = new double[steps + 1];
        for (int n = 0; n <= steps; n++) {
            s[n] = (double) n / steps;
        }
        return s;
    }

    /**
     * @return the depth-time of each (step n, stage i) unit group, in the order of
     *         {@link #unitsU()}: (n + c_i)/S, c_i the stage's node of the Butcher tableau
     */
    @Override
    public double[] unitDepths() {
        MeanOdeLayer c = layerConf();
        ButcherTableau tab = c.getSolver().tableau();
        int r = tab.stages();
        double[] s = new double[c.getSteps() * r];
        for (int n = 0; n < c.getSteps(); n++) {
            for (int i = 0; i < r; i++) {
                s[n * r + i] = (n + tab.c(i)) / c.getSteps();
            }
        }
        return s;
    }

    /** @return the u's as [S·r, D, P], group n·r + i = step n, stage i (the parameters for Euler, else a copy) */
    @Override
    public INDArray unitsU() {
        return groups(true);
    }

    /** @return the v's as [S·r, D, P], in the order of {@link #unitsU()} */
    @Override
    public INDArray unitsV() {
        return groups(false);
    }

    private INDArray groups(boolean u) {
        MeanOdeLayer c = layerConf();
        String unitKey = u ? "U" : "V";
        boolean present = false;
        for (UnitParam q : c.effectiveUnit().params(c.getEmbeddingDim())) {
            present |= q.key().equals(unitKey);
        }
        if (!present) {
            throw new UnsupportedOperationException("MeanOdeLayer '" + c.getLayerName() + "': its unit "
                    + c.effectiveUnit() + " has no parameter block \"" + unitKey + "\"; unit movement is reported for "
                    + "units with blocks U and V (the 2LP unit and the units of org.meanode.units)");
        }
        int r = c.stages();
        INDArray[] st = new INDArray[r];
        for (int i = 0; i < r; i++) {
            st[i] = params.get(MeanOdeParams.key(unitKey, i));
        }
        if (st.length == 1) {
            return st[0];
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long steps = st[0].size(0);
            return Nd4j.stack(1, st).reshape('c', steps * st.length, st[0].size(1), st[0].size(2));
        }
    }

    /**
     * @param stage a solver stage i
     * @return a copy of stage i's u's in the layout [D, P, S]
     */
    public INDArray getU(int stage) {
        return getParam(key(true, stage)).permute(1, 2, 0).dup('c');
    }

    /**
     * @param stage a solver stage i
     * @return a copy of stage i's v's in the layout [D, P, S]
     */
    public INDArray getV(int stage) {
        return getParam(key(false, stage)).permute(1, 2, 0).dup('c');
    }

    /**
     * @param stage a solver stage i
     * @param u     new u's of stage i in the layout [D, P, S] (copied into the parameters)
     */
    public void setU(int stage, INDArray u) {
        assign(key(true, stage), u);
    }

    /**
     * @param stage a solver stage i
     * @param v     new v's of stage i in the layout [D, P, S] (copied into the parameters)
     */
    public void setV(int stage, INDArray v) {
        assign(key(false, stage), v);
    }

    private String key(boolean u, int stage) {
        int r = layerConf().stages();
        if (stage < 0 || stage >= r) {
            throw new IllegalArgumentException("stage = " + stage + " is invalid: " + layerConf().getSolver() + " has "
                    + r + " stages, numbered 0 … " + (r - 1));
        }
        return u ? MeanOdeParams.uKey(stage) : MeanOdeParams.vKey(stage);
    }

    private void assign(String key, INDArray dps) {
        INDArray p = getParam(key);
        long[] want = {p.size(1), p.size(2), p.size(0)};
        if (!Arrays.equals(want, dps.shape())) {
            throw new IllegalArgumentException(key + ": expected shape " + Arrays.toString(want)
                    + " ([D, P, S]), got " + Arrays.toString(dps.shape()));
        }
        p.assign(dps.permute(2, 0, 1));
    }
}
