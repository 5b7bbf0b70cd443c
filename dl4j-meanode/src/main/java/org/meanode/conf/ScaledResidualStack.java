package org.meanode.conf;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.ScaledResidualStackLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * L residual blocks of MODEL.md fused in one DL4J layer: for l = 0 … L−1,
 * <pre>
 *   h_{l+1} = h_l + (α/(L·M)) · σ(h_l U_l / D) V_lᵀ      h_l : [minibatch, D],  U_l, V_l : [D, M]
 * </pre>
 * Params "U" and "V" have shape [L, D, M] (block l is the contiguous slice l). Forward and
 * backward are loops of BLAS calls over arrays preallocated once per minibatch size; in
 * double precision the layer computes exactly what L consecutive {@link ScaledResidualBlock}s
 * with the same weights compute.
 *
 * <pre>{@code
 * new ScaledResidualStack.Builder().embeddingDim(20).depth(50).width(20).alpha(1).build()
 * }</pre>
 *
 * @see BaseScaledResidual for defaults and the learning-rate rule
 */
public class ScaledResidualStack extends BaseScaledResidual {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected ScaledResidualStack() {
    }

    protected ScaledResidualStack(Builder b) {
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
        return LayerWiring.wire(new ScaledResidualStackLayer(conf, dataType), initializer(), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** Builder; {@code embeddingDim}, {@code depth} and {@code width} are required. */
    public static class Builder extends BaseScaledResidual.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public ScaledResidualStack build() {
            return new ScaledResidualStack(this);
        }
    }
}
