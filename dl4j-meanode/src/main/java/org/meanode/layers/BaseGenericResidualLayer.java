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
import org.meanode.conf.BaseGenericResidual;
import org.meanode.units.UnitParam;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime shared by {@link GenericResidualBlockLayer} and {@link GenericResidualStackLayer}:
 * input and output [minibatch, D]; the loop over blocks is in {@link UnitKernel}, the math of a
 * block in the layer's {@link org.meanode.units.UnitFunction}.
 *
 * @param <C> the layer's configuration class
 */
public abstract class BaseGenericResidualLayer<C extends BaseGenericResidual> extends BaseLayer<C>
        implements HiddenStateProbe, ResidualUnits {
    private static final long serialVersionUID = 1L;

    private transient UnitKernel kernel = new UnitKernel();
    private transient INDArray lastForwardInput;
    private transient BlockViews probeViews;

    protected BaseGenericResidualLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return a parameter (or gradient) as [nb, rows, M] (a view) */
    protected abstract INDArray as3d(INDArray w);

    private UnitKernel kernel() {
        if (kernel == null) {
            kernel = new UnitKernel();
        }
        return kernel;
    }

    private INDArray[] arrays(java.util.Map<String, INDArray> table) {
        List<UnitParam> ps = layerConf().unitParams();
        INDArray[] out = new INDArray[ps.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = as3d(table.get(ps.get(k).key()));
        }
        return out;
    }

    private void checkInput() {
        long d = layerConf().getEmbeddingDim();
        if (input.rank() != 2 || input.size(1) != d) {
            throw new DL4JInvalidInputException(layerConf().getClass().getSimpleName() + " (layer '"
                    + layerConf().getLayerName() + "', index " + index + "): expected input of shape [minibatch, " + d
                    + "] (embeddingDim D = " + d + "), got " + Arrays.toString(input.shape())
                    + "; feed it the output of a MeanOdeEmbedding with embeddingDim " + d);
        }
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
        C c = layerConf();
        INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray out = kernel().forward(c.getUnit(), in, arrays(params), c.residualMultiplier(), training);
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
        C c = layerConf();
        INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        INDArray dh = kernel().backward(c.getUnit(), eps, arrays(params), arrays(gradientViews), c.residualMultiplier());
        Gradient grad = new DefaultGradient();
        for (UnitParam p : c.unitParams()) {
            grad.gradientForVariable().put(p.key(), gradientViews.get(p.key()));
        }
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, dh.shape(), 'c');
        epsOut.assign(dh);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(grad, epsOut);
    }

    /** @return {@code [0, 1/L, …, nb/L]}: the input and the state after each of the nb blocks */
    @Override
    public double[] stateDepths() {
        C c = layerConf();
        return ProbeSupport.blockStateDepths(c.numBlocks(), c.getDepth());
    }

    /**
     * The hidden states h_{j+1} = h_j + (α/(L·M)) Σ_i φ(h_j, Z_{j,i}) of the layer's blocks, computed
     * through its {@link org.meanode.units.UnitFunction} with the current weights by a separate loop
     * (the training pass's stored arrays are not touched).
     *
     * @param input [N, D]
     * @return [nb + 1, N, D] in the layer's data type, detached from workspaces
     */
    @Override
    public INDArray hiddenStates(INDArray input) {
        C c = layerConf();
        long d = c.getEmbeddingDim();
        ProbeSupport.checkInput(c.getClass().getSimpleName() + " '" + c.getLayerName() + "'", d, input);
        List<UnitParam> ps = c.unitParams();
        int kk = ps.size();
        if (probeViews == null) {
            probeViews = new BlockViews(kk);
        }
        int nb = c.numBlocks();
        int m = c.getWidth();
        long n = input.size(0);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray[][] zb = new INDArray[kk][];
            for (int k = 0; k < kk; k++) {
                zb[k] = probeViews.blocks(k, as3d(params.get(ps.get(k).key())));
            }
            INDArray[] stored = ProbeSupport.detached(dataType, c.getUnit().storedColumns(d, m), n);
            INDArray[] scratch = ProbeSupport.detached(dataType, c.getUnit().scratchColumns(d, m), n);
            INDArray out = Nd4j.createUninitializedDetached(dataType, 'c', nb + 1, n, d);
            INDArray h = input.castTo(dataType).dup('c');
            out.tensorAlongDimension(0, 1, 2).assign(h);
            INDArray[] zAt = new INDArray[kk];
            for (int j = 0; j < nb; j++) {
                for (int k = 0; k < kk; k++) {
                    zAt[k] = zb[k][j];
                }
                INDArray next = h.dup('c');
                c.getUnit().forward(h, zAt, c.residualMultiplier(), next, stored, scratch, false);
                h = next;
                out.tensorAlongDimension(j + 1, 1, 2).assign(h);
            }
            return out;
        }
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
                return as3d(params.get(key));
            }
        }
        throw new UnsupportedOperationException(c.getClass().getSimpleName() + " '" + c.getLayerName() + "': its unit "
                + c.getUnit() + " has no parameter block \"" + key + "\"; unit movement is reported for units with "
                + "blocks U and V (the units of org.meanode.units)");
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
     * Releases the arrays the layer keeps between a forward and a backward pass; they are
     * reallocated on the next forward pass.
     */
    public void releaseWorkingMemory() {
        kernel().clear();
        lastForwardInput = null;
    }
}
