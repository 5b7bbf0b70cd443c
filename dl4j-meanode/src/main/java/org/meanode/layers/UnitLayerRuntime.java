package org.meanode.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.meanode.conf.BaseUnitLayer;
import org.meanode.conf.DepthCheck;
import org.meanode.conf.KernelMode;
import org.meanode.ode.ButcherTableau;
import org.meanode.units.SpatialUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of every residual layer of the plugin, [minibatch, D] → [minibatch, D]: the finite
 * blocks and stacks ({@link BaseScaledResidualLayer}) and the limit layer
 * ({@link MeanOdeLayerRuntime}). The math is the {@link ResidualKernel}: nb steps of a
 * Runge–Kutta scheme (tableau a, b) whose stages are blocks of units of the layer's
 * {@link UnitFunction}, with c = α/den (den = L·M for a finite layer, S·P for the limit),
 * <pre>
 *   x_{n,i} = h_n + Σ_{j&lt;i} a_ij c Σ_p φ(x_{n,j}, Z_{n,j,p}),   h_{n+1} = h_n + Σ_i b_i c Σ_p φ(x_{n,i}, Z_{n,i,p})
 * </pre>
 * (a finite layer: forward Euler, one step per block). Subclasses say where the units' parameters
 * are and which scheme they follow; this class wires the kernel into DL4J (workspaces, gradient
 * views, dropout) and reports hidden states ({@link HiddenStateProbe}) through a second kernel
 * instance, so that probing does not disturb the training pass.
 *
 * @param <C> the layer's configuration class
 */
public abstract class UnitLayerRuntime<C extends BaseUnitLayer> extends BaseLayer<C> implements HiddenStateProbe {
    private static final long serialVersionUID = 1L;

    private transient ResidualKernel kernel;
    private transient ResidualKernel probeKernel;
    private transient INDArray lastForwardInput;

    protected UnitLayerRuntime(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return φ, the configuration's {@link BaseUnitLayer#effectiveUnit()} */
    protected UnitFunction unit() {
        return layerConf().effectiveUnit();
    }

    /** @return D */
    protected long embeddingDim() {
        return layerConf().getEmbeddingDim();
    }

    /** @return the scheme's tableau (EULER for a finite layer) */
    protected abstract ButcherTableau tableau();

    /** @return α */
    protected double alpha() {
        return layerConf().getAlpha();
    }

    /** @return the denominator of the units' multiplier: L·M (finite) or S·P (limit) */
    protected abstract double denominator();

    /** @return the kernel mode */
    protected abstract KernelMode kernelMode();

    /** @return the checkpoint interval (0: none) */
    protected abstract int checkpointInterval();

    /**
     * @param unitKey a block key of the unit
     * @param stage   a stage of the scheme
     * @return the DL4J parameter key of that block for that stage
     */
    protected abstract String paramKey(String unitKey, int stage);

    /** @return a parameter (or gradient) as [nb, rows, M] (a view) */
    protected abstract INDArray asBlocks(INDArray w);

    /** @return "ClassName 'layerName'", for messages */
    protected String owner() {
        return layerConf().getClass().getSimpleName() + " '" + layerConf().getLayerName() + "'";
    }

    private ResidualKernel kernel() {
        if (kernel == null) {
            kernel = new ResidualKernel(kernelMode(), owner());
        }
        return kernel;
    }

    private ResidualKernel.Scheme scheme() {
        return new ResidualKernel.Scheme(tableau(), alpha(), denominator());
    }

    /** @return per stage i, per block of the unit, the parameters (or gradients) as [nb, rows, M] */
    private INDArray[][] stageArrays(Map<String, INDArray> table) {
        List<UnitParam> ps = unit().params(embeddingDim());
        int r = tableau().stages();
        INDArray[][] out = new INDArray[r][ps.size()];
        for (int i = 0; i < r; i++) {
            for (int a = 0; a < ps.size(); a++) {
                out[i][a] = asBlocks(table.get(paramKey(ps.get(a).key(), i)));
            }
        }
        return out;
    }

    private void checkInput() {
        long d = embeddingDim();
        if (unit() instanceof SpatialUnit su) {
            SpatialArrays.check(owner() + " (index " + index + ")", su, input, "input");
            return;
        }
        if (input.rank() != 2 || input.size(1) != d) {
            throw new DL4JInvalidInputException(layerConf().getClass().getSimpleName() + " (layer '"
                    + layerConf().getLayerName() + "', index " + index + "): expected input of shape [minibatch, " + d
                    + "] (embeddingDim D = " + d + "), got " + Arrays.toString(input.shape())
                    + "; feed it the output of a MeanOdeEmbedding with embeddingDim " + d);
        }
    }

    /** Whether {@link DepthCheck} has seen this layer's first forward pass. */
    private boolean depthChecked;

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        checkInput();
        if (!depthChecked) {
            depthChecked = true;
            DepthCheck.atFirstForward(paramsFlattened);
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray out = forward(training);
        INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, input.shape(), 'c');
        kernel().copy(out, SpatialArrays.rows(ret));
        return ret;
    }

    private INDArray forward(boolean training) {
        INDArray in = SpatialArrays.rows(input.dataType() == dataType ? input : input.castTo(dataType));
        INDArray out = kernel().forward(unit(), in, stageArrays(params), scheme(), training, checkpointInterval());
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
        INDArray eps = SpatialArrays.rows(epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType));
        INDArray dh = kernel().backward(unit(), eps, stageArrays(params), stageArrays(gradientViews), scheme());
        Gradient grad = new DefaultGradient();
        for (String key : gradientViews.keySet()) {
            grad.gradientForVariable().put(key, gradientViews.get(key));
        }
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, input.shape(), 'c');
        kernel().copy(dh, SpatialArrays.rows(epsOut));
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(grad, epsOut);
    }

    /**
     * The hidden states h_0 … h_nb of the layer's scheme for this input, computed with the current
     * parameters in inference mode by a separate kernel instance (the training pass's stored
     * arrays are not touched): the same operations as the layer's forward pass.
     *
     * @param input [N, D]
     * @return [nb + 1, N, D] in the layer's data type, detached from workspaces
     */
    @Override
    public INDArray hiddenStates(INDArray input) {
        long d = embeddingDim();
        if (unit() instanceof SpatialUnit su) {
            SpatialArrays.check(owner() + ".hiddenStates", su, input, "probe input");
            input = SpatialArrays.rows(input);
        }
        ProbeSupport.checkInput(owner(), d, input);
        if (probeKernel == null) {
            probeKernel = new ResidualKernel(kernelMode(), owner());
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray in = input.castTo(dataType).dup('c');
            INDArray[][] z = stageArrays(params);
            int nb = (int) z[0][0].size(0);
            probeKernel.forward(unit(), in, z, scheme(), false, 0);
            INDArray out = Nd4j.createUninitializedDetached(dataType, 'c', nb + 1, in.size(0), d);
            for (int n = 0; n <= nb; n++) {
                out.tensorAlongDimension(n, 1, 2).assign(probeKernel.state(n));
            }
            probeKernel.clear();
            return out;
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
     * Releases the arrays the layer keeps between a forward and a backward pass (O(nb·N·(D + M))
     * memory); they are reallocated on the next forward pass.
     */
    public void releaseWorkingMemory() {
        if (kernel != null) {
            kernel.clear();
        }
        lastForwardInput = null;
    }
}
