package org.meanode.conf;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.meanode.params.ScaledDenseParams;
import org.meanode.scaling.LearningRateRule;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Shared configuration of the embedding and readout of MODEL.md: a bias-free linear map
 * {@code out = scale · x W} with W : [nIn, nOut] (param "W") of i.i.d. N(0, initStd²) entries,
 * no activation. Frozen by default, as in the paper's experiments: a frozen layer gets the
 * NoOp updater, a zero parameter gradient and no regularization, and still passes gradients to
 * the layers below.
 */
public abstract class BaseScaledDense extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    /** Whether W is trained (default false). */
    protected boolean trainable;
    /** Seed of this layer's own init stream, or null for ND4J's global generator. */
    protected Long seed;

    /** For JSON. */
    protected BaseScaledDense() {
    }

    protected BaseScaledDense(Builder<?> b) {
        super(b);
        String owner = getClass().getSimpleName();
        if (b.declaredNIn() > 0) {
            ConfigChecks.positive(owner, "nIn", b.declaredNIn(), "call .nIn(n) with n ≥ 1");
        }
        if (b.getActivationFn() != null && !(b.getActivationFn() instanceof ActivationIdentity)) {
            throw new IllegalArgumentException(owner + ": activation = " + b.getActivationFn() + ", but the layer is linear"
                    + " (out = scale · x W) and would ignore it; remove the .activation(..) call, or follow the layer"
                    + " with an ActivationLayer");
        }
        this.activationFn = new ActivationIdentity();
        this.trainable = b.trainable;
        this.seed = b.seed;
        initializeConstraints(b);
    }

    /**
     * The embedding and the readout are linear, so this is always the identity, whatever a saved
     * configuration holds. DL4J's network-wide default activation (sigmoid unless set) used to be
     * copied into these layers and shown on the training UI's Model page, although they never
     * applied it; configurations saved that way read back as identity, and compute what they did.
     *
     * @return the identity activation
     */
    @Override
    public IActivation getActivationFn() {
        return new ActivationIdentity();
    }

    /** @return the constant factor in out = scale · x W */
    public abstract double scale();

    /** @return the init std of the entries of W */
    public abstract double initStd();

    /** @return the multiplier of the base rate for Sgd/Nesterovs when trainable */
    protected abstract double sgdMultiplier();

    @Override
    public ScaledDenseParams initializer() {
        return ScaledDenseParams.getInstance();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    /** NoOp when frozen; else the base updater scaled by {@link LearningRateRule}. */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        if (!trainable) {
            return new NoOp();
        }
        return LearningRateRule.scale(iUpdater, sgdMultiplier(), LearningRateRule.adaptive(initStd(), 1.0));
    }

    /**
     * None when frozen: DL4J applies L1/L2/weight decay in the updater, outside the layer's zero
     * gradient, so a network-level {@code .l2(..)} or {@code .weightDecay(..)} would otherwise
     * shrink a frozen W at every step (and add its penalty to the score).
     */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return trainable ? super.getRegularizationByParam(paramName) : Collections.emptyList();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = nIn * nOut;
        long updaterState = trainable && iUpdater != null ? iUpdater.stateSize(params) : 0;
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, InputType.feedForward(nOut))
                .standardMemory(params, updaterState)
                .workingMemory(0, 0, 0, nIn + nOut)
                .cacheMemory(0, 0)
                .build();
    }

    public boolean isTrainable() {
        return trainable;
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BaseScaledDense) || !super.equals(o)) {
            return false;
        }
        BaseScaledDense t = (BaseScaledDense) o;
        return trainable == t.trainable && Objects.equals(seed, t.seed);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), trainable, seed);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(name=" + layerName + ", nIn=" + nIn + ", nOut=" + nOut
                + ", trainable=" + trainable + ", seed=" + seed + ")";
    }

    /**
     * Builder shared by the embedding and the readout.
     *
     * @param <T> the concrete builder
     */
    public abstract static class Builder<T extends Builder<T>> extends FeedForwardLayer.Builder<T> {
        protected boolean trainable;
        protected Long seed;

        /** @return nIn as set on this builder (0 if unset) */
        protected long declaredNIn() {
            return nIn;
        }

        /** @return nOut as set on this builder (0 if unset) */
        protected long declaredNOut() {
            return nOut;
        }

        /**
         * @param t whether W is trained (default false: frozen, as in the paper)
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T trainable(boolean t) {
            this.trainable = t;
            return (T) this;
        }

        /**
         * @param s seed of this layer's own init stream; unset, the network's seed governs
         * @return this builder
         */
        @SuppressWarnings("unchecked")
        public T seed(long s) {
            this.seed = s;
            return (T) this;
        }
    }
}
