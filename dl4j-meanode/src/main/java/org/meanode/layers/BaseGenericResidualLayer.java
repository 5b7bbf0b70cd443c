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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime shared by {@link GenericResidualBlockLayer} and {@link GenericResidualStackLayer}:
 * input and output [minibatch, D]; the loop over blocks is in {@link UnitKernel}, the math of a
 * block in the layer's {@link org.meanode.units.UnitFunction}.
 *
 * @param <C> the layer's configuration class
 */
public abstract class BaseGenericResidualLayer<C extends BaseGenericResidual> extends BaseLayer<C> {
    private static final long serialVersionUID = 1L;

    private transient UnitKernel kernel = new UnitKernel();
    private transient INDArray lastForwardInput;

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
