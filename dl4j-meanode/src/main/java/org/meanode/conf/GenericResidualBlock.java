package org.meanode.conf;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.GenericResidualBlockLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One generic residual block of the paper's Theorem 1, as a DL4J layer:
 * <pre>
 *   input  h : [minibatch, D]
 *   output h + (α/(L·M)) Σ_{j=1..M} φ(h, Z_j)      block k of Z: param under its key, [rows_k, M]
 * </pre>
 * {@code depth} is the number L of blocks of the network the block belongs to: it sets the
 * residual multiplier α/(L·M) and the learning-rate rule, so every block of one network must
 * carry the same L.
 *
 * <pre>{@code
 * new GenericResidualBlock.Builder().embeddingDim(20).depth(50).width(20).unit(new GatedUnit()).build()
 * }</pre>
 *
 * @see BaseGenericResidual for defaults and the learning-rate rule
 * @see GenericResidualStack for L blocks fused in one layer
 */
public class GenericResidualBlock extends BaseGenericResidual {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected GenericResidualBlock() {
    }

    protected GenericResidualBlock(Builder b) {
        super(b);
    }

    @Override
    public int numBlocks() {
        return 1;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new GenericResidualBlockLayer(conf, dataType), initializer(), conf, listeners, layerIndex,
                paramsView, initializeParams);
    }

    /** Builder; {@code embeddingDim}, {@code depth}, {@code width} and {@code unit} are required. */
    public static class Builder extends BaseGenericResidual.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public GenericResidualBlock build() {
            return new GenericResidualBlock(this);
        }
    }
}
