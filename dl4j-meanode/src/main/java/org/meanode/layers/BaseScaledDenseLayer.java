package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.meanode.conf.BaseScaledDense;
import org.meanode.params.ScaledDenseParams;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runtime of the embedding and readout: {@code out = scale · x W}, x : [minibatch, nIn],
 * W : [nIn, nOut]. Backward: ∂J/∂W = scale · xᵀ ε (zero when frozen), ∂J/∂x = scale · ε Wᵀ.
 *
 * @param <C> the layer's configuration class
 */
public abstract class BaseScaledDenseLayer<C extends BaseScaledDense> extends BaseLayer<C> {
    private static final long serialVersionUID = 1L;

    protected BaseScaledDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private INDArray checkedInput() {
        long nIn = layerConf().getNIn();
        if (input.rank() != 2 || input.size(1) != nIn) {
            throw new DL4JInvalidInputException(layerConf().getClass().getSimpleName() + " (layer '"
                    + layerConf().getLayerName() + "', index " + index + "): expected input of shape [minibatch, "
                    + nIn + "] (nIn = " + nIn + "), got " + Arrays.toString(input.shape()));
        }
        return input.dataType() == dataType ? input : input.castTo(dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray x = checkedInput();
        INDArray w = params.get(ScaledDenseParams.W_KEY);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {x.size(0), w.size(1)}, 'c');
        Nd4j.gemm(x, w, out, false, false, layerConf().scale(), 0.0);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray x = checkedInput();
        INDArray w = params.get(ScaledDenseParams.W_KEY);
        INDArray gW = gradientViews.get(ScaledDenseParams.W_KEY);
        INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
        double scale = layerConf().scale();
        if (layerConf().isTrainable()) {
            Nd4j.gemm(x, eps, gW, true, false, scale, 0.0);
        } else {
            gW.assign(0.0);
        }
        Gradient grad = new DefaultGradient();
        grad.gradientForVariable().put(ScaledDenseParams.W_KEY, gW);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
        Nd4j.gemm(eps, w, epsOut, false, true, scale, 0.0);
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
}
