package org.meanode.layers;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.ButcherTableau;
import org.meanode.params.MeanOdeParams;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of {@link MeanOdeLayer}: [minibatch, D] → [minibatch, D], the solver's forward pass
 * and its exact discrete adjoint ({@link MeanOdeKernel}). Stage i's units are exposed in the
 * paper's layout D×P×S ({@code [:, :, n]} is step n), as a stack's are D×M×L; internally they
 * are [S, D, P]. For monitoring it reports its hidden states at the S+1 grid points
 * ({@link HiddenStateProbe}) and its units per step and stage ({@link ResidualUnits}).
 */
public class MeanOdeLayerRuntime extends BaseLayer<MeanOdeLayer> implements HiddenStateProbe, ResidualUnits {
    private static final long serialVersionUID = 1L;

    private transient MeanOdeKernel kernel = new MeanOdeKernel();
    private transient INDArray lastForwardInput;
    private transient BlockViews probeViews;

    /**
     * @param conf     the network-level configuration holding a {@link MeanOdeLayer}
     * @param dataType the parameter data type
     */
    public MeanOdeLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private MeanOdeKernel kernel() {
        if (kernel == null) {
            kernel = new MeanOdeKernel();
        }
        return kernel;
    }

    private void checkInput() {
        long d = layerConf().getEmbeddingDim();
        if (input.rank() != 2 || input.size(1) != d) {
            throw new DL4JInvalidInputException("MeanOdeLayer (layer '" + layerConf().getLayerName() + "', index " + index
                    + "): expected input of shape [minibatch, " + d + "] (embeddingDim D = " + d + "), got "
                    + Arrays.toString(input.shape()) + "; feed it the output of a MeanOdeEmbedding with embeddingDim " + d);
        }
    }

    /** @return per stage i, the unit's blocks [S, rows_k, P] (parameters or gradient views) */
    private INDArray[][] stageParams(List<UnitParam> ps, boolean gradients) {
        int r = layerConf().stages();
        INDArray[][] out = new INDArray[r][ps.size()];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < ps.size(); k++) {
                String key = MeanOdeParams.key(ps.get(k).key(), i);
                out[i][k] = gradients ? gradientViews.get(key) : params.get(key);
            }
        }
        return out;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkInput();
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray out = forward(training);
        INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, out.shape(), 'c');
        ret.assign(out);
        return ret;
    }

    private INDArray forward(boolean training) {
        MeanOdeLayer c = layerConf();
        INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
        UnitFunction unit = c.effectiveUnit();
        INDArray out = kernel().forward(in, unit, stageParams(unit.params(c.getEmbeddingDim()), false),
                c.getSolver().tableau(), c.getAlpha(), training);
        lastForwardInput = input;
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (lastForwardInput != input) {
            // The stored forward pass belongs to another input: recompute it.
            forward(true);
        }
        MeanOdeLayer c = layerConf();
        UnitFunction unit = c.effectiveUnit();
        List<UnitParam> ps = unit.params(c.getEmbeddingDim());
        INDArray[][] dz = stageParams(ps, true);
        INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        INDArray dh = kernel().backward(eps, unit, stageParams(ps, false), dz, c.getSolver().tableau(), c.getAlpha());
        Gradient grad = new DefaultGradient();
        for (int i = 0; i < dz.length; i++) {
            for (int k = 0; k < ps.size(); k++) {
                grad.gradientForVariable().put(MeanOdeParams.key(ps.get(k).key(), i), dz[i][k]);
            }
        }
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, dh.shape(), 'c');
        epsOut.assign(dh);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(grad, epsOut);
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
     * The states h_0 … h_S of the solver's forward pass (see {@link MeanOdeKernel}), computed with
     * the current units by a separate loop (the training pass's cached arrays are not touched).
     *
     * @param input [N, D]
     * @return [S + 1, N, D] in the layer's data type, detached from workspaces
     */
    @Override
    public INDArray hiddenStates(INDArray input) {
        MeanOdeLayer c = layerConf();
        long d = c.getEmbeddingDim();
        ProbeSupport.checkInput("MeanOdeLayer '" + c.getLayerName() + "'", d, input);
        ButcherTableau tab = c.getSolver().tableau();
        int r = tab.stages();
        int steps = c.getSteps();
        int p = c.getNodes();
        double mult = c.getAlpha() / ((double) steps * p);
        UnitFunction unit = c.effectiveUnit();
        List<UnitParam> ps = unit.params(d);
        int kk = ps.size();
        if (probeViews == null) {
            probeViews = new BlockViews(r * kk);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray[][] z = stageParams(ps, false);
            INDArray[][][] zb = new INDArray[r][kk][];
            for (int i = 0; i < r; i++) {
                for (int k = 0; k < kk; k++) {
                    zb[i][k] = probeViews.blocks(i * kk + k, z[i][k]);
                }
            }
            long rows = input.size(0);
            INDArray[] stored = ProbeSupport.detached(dataType, unit.storedColumns(d, p), rows);
            INDArray[] scratch = ProbeSupport.detached(dataType, unit.scratchColumns(d, p), rows);
            INDArray out = Nd4j.createUninitializedDetached(dataType, 'c', steps + 1, rows, d);
            INDArray h = input.castTo(dataType).dup('c');
            out.tensorAlongDimension(0, 1, 2).assign(h);
            INDArray[] stage = new INDArray[r];
            INDArray[] zAt = new INDArray[kk];
            for (int n = 0; n < steps; n++) {
                INDArray next = h.dup('c');
                for (int i = 0; i < r; i++) {
                    INDArray x = h.dup('c');
                    for (int j = 0; j < i; j++) {
                        if (tab.a(i, j) != 0.0) {
                            x.addi(stage[j].mul(tab.a(i, j)));
                        }
                    }
                    for (int k = 0; k < kk; k++) {
                        zAt[k] = zb[i][k][n];
                    }
                    stage[i] = Nd4j.zeros(dataType, rows, d);
                    unit.forward(x, zAt, mult, stage[i], stored, scratch, false);
                    next.addi(stage[i].mul(tab.b(i)));
                }
                h = next;
                out.tensorAlongDimension(n + 1, 1, 2).assign(h);
            }
            return out;
        }
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

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    @Override
    public void clear() {
        super.clear();
        lastForwardInput = null;
    }

    /**
     * Releases the arrays kept between a forward and a backward pass (O(S·r·N·(D + P))
     * memory); they are reallocated on the next forward pass.
     */
    public void releaseWorkingMemory() {
        kernel().clear();
        lastForwardInput = null;
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
