package org.meanode.conf;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.MeanOdeReadoutLayer;
import org.meanode.scaling.LearningRateRule;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The readout y = W_Uᵀ h_L / D of MODEL.md: [minibatch, D] → [minibatch, d_out], with
 * W_U : D×d_out of i.i.d. N(0, d_out) entries (param "W", shape [D, d_out]). Frozen by
 * default. When trainable, its Sgd multiplier is D·d_out/2 ({@link LearningRateRule}).
 * Follow it with {@code new LossLayer.Builder(LossFunction.MSE).activation(IDENTITY)} to get
 * the loss J of MODEL.md.
 *
 * <pre>{@code
 * new MeanOdeReadout.Builder().nIn(20).nOut(5).build()   // D = 20, d_out = 5
 * }</pre>
 */
public class MeanOdeReadout extends BaseScaledDense {
    private static final long serialVersionUID = 1L;

    /** For JSON. */
    protected MeanOdeReadout() {
    }

    protected MeanOdeReadout(Builder b) {
        super(b);
        ConfigChecks.positive("MeanOdeReadout", "nOut", nOut, "call .nOut(d_out) with d_out ≥ 1");
    }

    /** @return 1/D */
    @Override
    public double scale() {
        return 1.0 / nIn;
    }

    /** @return √d_out */
    @Override
    public double initStd() {
        return Math.sqrt(nOut);
    }

    @Override
    protected double sgdMultiplier() {
        return LearningRateRule.readoutSgd(nIn, nOut);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new MeanOdeReadoutLayer(conf, dataType), initializer(), conf, listeners, layerIndex, paramsView,
                initializeParams);
    }

    /** Builder: nOut (d_out) is required; nIn (D) may be inferred from the input type. */
    public static class Builder extends BaseScaledDense.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public MeanOdeReadout build() {
            return new MeanOdeReadout(this);
        }
    }
}
