package org.meanode.conf;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.ScaledResidualBlockLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One two-layer-perceptron residual block of MODEL.md, as a DL4J layer:
 * <pre>
 *   input  h : [minibatch, D]
 *   output h + (α/(L·M)) · σ(h U / D) Vᵀ          U, V : [D, M]  (params "U", "V")
 * </pre>
 * or, with {@code .unit(φ)}, h + (α/(L·M)) Σ_j φ(h, Z_j) for any
 * {@link org.meanode.units.UnitFunction} (params: the unit's blocks, [rows, M] each).
 * {@code depth} is the number L of blocks of the network the block belongs to: it sets the
 * residual multiplier α/(L·M) and the learning-rate rule, so every block of one network must
 * carry the same L ({@link org.meanode.network.MeanOdeResNet} checks this).
 *
 * <pre>{@code
 * new ScaledResidualBlock.Builder().embeddingDim(20).depth(50).width(20).build()
 * }</pre>
 *
 * @see BaseScaledResidual for defaults and the learning-rate rule
 * @see ScaledResidualStack for L blocks fused in one layer
 */
public class ScaledResidualBlock extends BaseScaledResidual {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected ScaledResidualBlock() {
    }

    protected ScaledResidualBlock(Builder b) {
        super(b);
    }

    @Override
    public int numBlocks() {
        return 1;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new ScaledResidualBlockLayer(conf, dataType), initializer(), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** Builder; {@code embeddingDim}, {@code depth} and {@code width} are required. */
    public static class Builder extends BaseScaledResidual.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public ScaledResidualBlock build() {
            return new ScaledResidualBlock(this);
        }
    }
}
