package org.meanode.conf;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.GenericResidualStackLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L generic residual blocks of the paper's Theorem 1 fused in one DL4J layer: for l = 0 … L−1,
 * <pre>
 *   h_{l+1} = h_l + (α/(L·M)) Σ_{j=1..M} φ(h_l, Z_{l,j})      h_l : [minibatch, D]
 * </pre>
 * Parameter block k of the units has shape [L, rows_k, M] (block l is the contiguous slice l).
 * Forward and backward are loops over the blocks of the unit function's GEMMs, on arrays
 * preallocated once per minibatch size; in double precision the layer computes exactly what L
 * consecutive {@link GenericResidualBlock}s with the same weights compute.
 *
 * <pre>{@code
 * new GenericResidualStack.Builder().embeddingDim(20).depth(50).width(20)
 *         .unit(new TwoLayerBiasUnit(Activation.TANH)).build()
 * }</pre>
 *
 * @see BaseGenericResidual for defaults and the learning-rate rule
 */
public class GenericResidualStack extends BaseGenericResidual {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected GenericResidualStack() {
    }

    protected GenericResidualStack(Builder b) {
        super(b);
    }

    /** @return L: the stack holds all blocks of the network */
    @Override
    public int numBlocks() {
        return depth;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new GenericResidualStackLayer(conf, dataType), initializer(), conf, listeners, layerIndex,
                paramsView, initializeParams);
    }

    /** Builder; {@code embeddingDim}, {@code depth}, {@code width} and {@code unit} are required. */
    public static class Builder extends BaseGenericResidual.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public GenericResidualStack build() {
            return new GenericResidualStack(this);
        }
    }
}
