package org.meanode.conf;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.MeanOdeEmbeddingLayer;
import org.meanode.scaling.LearningRateRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The embedding h_0 = W_E x of MODEL.md: [minibatch, d_in] → [minibatch, D], with W_E : D×d_in
 * of i.i.d. N(0, 1/d_in) entries. The param "W" stores W_Eᵀ, shape [d_in, D]; frozen by
 * default. When trainable, its Sgd multiplier is D/(2·d_in) ({@link LearningRateRule}).
 *
 * <pre>{@code
 * new MeanOdeEmbedding.Builder().nIn(5).nOut(20).build()   // d_in = 5, D = 20
 * }</pre>
 */
public class MeanOdeEmbedding extends BaseScaledDense {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected MeanOdeEmbedding() {
    }

    protected MeanOdeEmbedding(Builder b) {
        super(b);
        ConfigChecks.positive("MeanOdeEmbedding", "nOut", nOut, "call .nOut(D) with the embedding width D ≥ 1");
    }

    @Override
    public double scale() {
        return 1.0;
    }

    /** @return 1/√d_in */
    @Override
    public double initStd() {
        return 1.0 / Math.sqrt(nIn);
    }

    @Override
    protected double sgdMultiplier() {
        return LearningRateRule.embeddingSgd(nOut, nIn);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new MeanOdeEmbeddingLayer(conf, dataType), initializer(), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** Builder: nOut (D) is required; nIn (d_in) may be inferred from the input type. */
    public static class Builder extends BaseScaledDense.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public MeanOdeEmbedding build() {
            return new MeanOdeEmbedding(this);
        }
    }
}
