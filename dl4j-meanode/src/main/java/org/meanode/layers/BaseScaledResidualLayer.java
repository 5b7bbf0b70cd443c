package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.params.ScaledResidualParams;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime shared by {@link ScaledResidualBlockLayer} and {@link ScaledResidualStackLayer}:
 * input and output [minibatch, D]; the math is in {@link ResidualKernel}. Both report their
 * hidden states ({@link HiddenStateProbe}) and their units ({@link ResidualUnits}) for monitoring.
 *
 * @param <C> the layer's configuration class
 */
public abstract class BaseScaledResidualLayer<C extends BaseScaledResidual> extends BaseLayer<C>
        implements HiddenStateProbe, ResidualUnits {
    private static final long serialVersionUID = 1L;

    private transient ResidualKernel kernel;
    private transient INDArray lastForwardInput;
    private transient BlockViews probeViews;

    protected BaseScaledResidualLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return U as [nb, D, M] (a view of the parameters) */
    protected abstract INDArray u3(INDArray u);

    private ResidualKernel kernel() {
        if (kernel == null) {
            C c = layerConf();
            kernel = new ResidualKernel(c.getKernelMode(), c.getClass().getSimpleName() + " '" + c.getLayerName() + "'");
        }
        return kernel;
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
        kernel().copy(out, ret);
        return ret;
    }

    private INDArray forward(boolean training) {
        C c = layerConf();
        INDArray in = input.dataType() == dataType ? input : input.castTo(dataType);
        INDArray out = kernel().forward(in, u3(params.get(ScaledResidualParams.U_KEY)),
                u3(params.get(ScaledResidualParams.V_KEY)), c.residualMultiplier(), c.getActivationFn(), training,
                c.checkpointInterval());
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
        INDArray gU = gradientViews.get(ScaledResidualParams.U_KEY);
        INDArray gV = gradientViews.get(ScaledResidualParams.V_KEY);
        INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        INDArray dh = kernel().backward(eps, u3(params.get(ScaledResidualParams.U_KEY)),
                u3(params.get(ScaledResidualParams.V_KEY)), u3(gU), u3(gV), c.residualMultiplier());
        Gradient grad = new DefaultGradient();
        grad.gradientForVariable().put(ScaledResidualParams.U_KEY, gU);
        grad.gradientForVariable().put(ScaledResidualParams.V_KEY, gV);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, dh.shape(), 'c');
        kernel().copy(dh, epsOut);
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
     * The hidden states of MODEL.md, h_{j+1} = h_j + (α/(L·M)) · σ(h_j U_j / D) V_jᵀ, computed
     * with this layer's current weights by a separate loop (the training pass's cached
     * arrays are not touched).
     *
     * @param input [N, D]
     * @return [nb + 1, N, D] in the layer's data type, detached from workspaces
     */
    @Override
    public INDArray hiddenStates(INDArray input) {
        C c = layerConf();
        long d = c.getEmbeddingDim();
        ProbeSupport.checkInput(c.getClass().getSimpleName() + " '" + c.getLayerName() + "'", d, input);
        if (probeViews == null) {
            probeViews = new BlockViews(2);
        }
        int nb = c.numBlocks();
        long n = input.size(0);
        long m = c.getWidth();
        double mult = c.residualMultiplier();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray[] u = probeViews.blocks(0, u3(params.get(ScaledResidualParams.U_KEY)));
            INDArray[] v = probeViews.blocks(1, u3(params.get(ScaledResidualParams.V_KEY)));
            INDArray out = Nd4j.createUninitializedDetached(dataType, 'c', nb + 1, n, d);
            INDArray pre = Nd4j.createUninitializedDetached(dataType, 'c', n, m);
            // state j is the [N, D] block of out at offset j·N·D (views on the buffer, as BlockViews builds them)
            INDArray h = Nd4j.create(out.data(), new long[] {n, d}, new long[] {d, 1}, 0, 'c');
            h.assign(input);
            for (int j = 0; j < nb; j++) {
                INDArray next = Nd4j.create(out.data(), new long[] {n, d}, new long[] {d, 1}, (j + 1) * n * d, 'c');
                next.assign(h);
                Nd4j.gemm(h, u[j], pre, false, false, 1.0 / d, 0.0);             // pre = h U_j / D
                INDArray a = c.getActivationFn().getActivation(pre, false);     // σ, in place
                Nd4j.gemm(a, v[j], next, false, true, mult, 1.0);               // h_{j+1} = h_j + (α/(L·M)) σ(pre) V_jᵀ
                h = next;
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

    @Override
    public INDArray unitsU() {
        return u3(params.get(ScaledResidualParams.U_KEY));
    }

    @Override
    public INDArray unitsV() {
        return u3(params.get(ScaledResidualParams.V_KEY));
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
     * @return bytes of the arrays the layer keeps between a forward and a backward pass (the
     *         stored forward pass and the backward scratch), 0 before the first forward pass
     */
    public long workingMemoryBytes() {
        return kernel == null ? 0 : kernel.workingBytes();
    }

    /**
     * @return which matrix-product implementation the layer runs ("OpenBlasGemm": direct BLAS,
     *         "Nd4jGemm": ND4J operations), or null before the first forward pass
     */
    public String kernelImplementation() {
        return kernel == null ? null : kernel.gemmName();
    }

    /**
     * Releases the arrays the layer keeps between a forward and a backward pass
     * (O(L·N·(D + M)) memory); they are reallocated on the next forward pass.
     */
    public void releaseWorkingMemory() {
        if (kernel != null) {
            kernel.clear();
        }
        lastForwardInput = null;
    }
}
