package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.params.MeanOdeParams;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link MeanOdeLayer}: [minibatch, D] → [minibatch, D], the solver's forward pass
 * and its exact discrete adjoint ({@link MeanOdeKernel}). Stage i's units are exposed in the
 * paper's layout D×P×S ({@code [:, :, n]} is step n), as a stack's are D×M×L; internally they
 * are [S, D, P].
 */
public class MeanOdeLayerRuntime extends BaseLayer<MeanOdeLayer> {
    private static final long serialVersionUID = 1L;

    private transient MeanOdeKernel kernel = new MeanOdeKernel();
    private transient INDArray lastForwardInput;

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

    private INDArray[] stageParams(boolean u, boolean gradients) {
        int r = layerConf().stages();
        INDArray[] out = new INDArray[r];
        for (int i = 0; i < r; i++) {
            String key = u ? MeanOdeParams.uKey(i) : MeanOdeParams.vKey(i);
            out[i] = gradients ? gradientViews.get(key) : params.get(key);
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
        INDArray out = kernel().forward(in, stageParams(true, false), stageParams(false, false), c.getSolver().tableau(),
                c.getAlpha(), c.getActivationFn(), training);
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
        INDArray[] gU = stageParams(true, true);
        INDArray[] gV = stageParams(false, true);
        INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        INDArray dh = kernel().backward(eps, stageParams(true, false), stageParams(false, false), gU, gV,
                c.getSolver().tableau(), c.getAlpha(), c.getActivationFn());
        Gradient grad = new DefaultGradient();
        for (int i = 0; i < gU.length; i++) {
            grad.gradientForVariable().put(MeanOdeParams.uKey(i), gU[i]);
            grad.gradientForVariable().put(MeanOdeParams.vKey(i), gV[i]);
        }
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, dh.shape(), 'c');
        epsOut.assign(dh);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(grad, epsOut);
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
