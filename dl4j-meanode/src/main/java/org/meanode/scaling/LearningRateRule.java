package org.meanode.scaling;

import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Per-parameter learning-rate multipliers of the α/(L·M) parametrization, applied to a
 * user's DL4J updater. The user sets one base rate η on the network's updater; every layer
 * of this plugin returns, from {@code getUpdaterByParam}, a copy of that updater whose rate
 * (and schedule, if any) is multiplied as follows.
 *
 * <h2>Gradient-descent updaters ({@link Sgd}, {@link Nesterovs})</h2>
 * MODEL.md, "The reference gradient step": U ← U − (η/α)·G_U is, in terms of the true
 * gradient of DL4J's MSE score J, U ← U − η·L·M·D/(2α²)·∂J/∂U (same for V). Hence
 * {@link #residualSgd}: multiplier L·M·D/(2α²).
 * <p>Trainable embedding and readout (frozen by default, as in the paper's experiments) use
 * the rate under which that matrix alone moves the network output at initialisation by about
 * η·(Y − y) per full-batch step, independently of D (derived with ‖h‖² ≈ D, ‖x‖² ≈ d_in,
 * W_UᵀW_U ≈ D·d_out·I): readout W_U gets D·d_out/2 ({@link #readoutSgd}), embedding W_E gets
 * D/(2·d_in) ({@link #embeddingSgd}).
 *
 * <h2>Adaptive updaters (Adam, AdaMax, Nadam, AMSGrad, AdaBelief, RmsProp, AdaGrad)</h2>
 * These normalise the gradient, so a step moves each entry by about the rate whatever the
 * gradient's scale, and the SGD multiplier would make the step grow with L·M. The analogous
 * rule keeps the aim of the SGD rule, each unit's relative movement per step independent of
 * L and M (and of D): the rate of a parameter is multiplied by the init std of its entries,
 * divided by α for U and V. A step then moves a unit (u, v) by about η/α relative to its
 * initial size, exactly as the SGD rule does in the complete and lazy regimes.
 * Multipliers: U: σ_u/α, V: σ_v/α, W_E: 1/√d_in, W_U: √d_out ({@link #adaptive}).
 *
 * <h2>Generic units</h2>
 * The residual layers with any {@link org.meanode.units.UnitFunction}
 * ({@code ScaledResidualStack.Builder().unit(φ)}, the limit layer) apply the same rule per parameter block of a unit: the
 * per-unit step of MODEL.md, z ← z − (η/α)·f·Σ_n (∂φ(h_n, Z)/∂z)ᵀ B_n, is the true-gradient step
 * times L·M·D/(2α²)·f, where f is the block's {@link org.meanode.units.UnitParam#sgdFactor()}
 * (1 for a vector acting on h or on the output; 1/D for a bias, which moves the pre-activation
 * directly instead of through uᵀh/D). Adaptive updaters get initStd/α for every block. Both keep
 * each unit's movement per step independent of L and M (GenericCoordinateCheckTest).
 *
 * <h2>Others</h2>
 * {@link NoOp} is returned unchanged. {@link AdaDelta} has no learning rate to scale and any
 * other updater is unknown to this rule: both are rejected with an
 * {@link IllegalArgumentException} naming the supported updaters.
 */
public final class LearningRateRule {

    /** How an updater's step depends on the gradient's scale. */
    public enum Family {
        /** Step proportional to the gradient: Sgd, Nesterovs. */
        GRADIENT_DESCENT,
        /** Step normalised by a running gradient scale: Adam and relatives, RmsProp, AdaGrad. */
        ADAPTIVE,
        /** No update at all: NoOp. */
        NONE
    }

    private LearningRateRule() {
    }

    /**
     * @param updater a DL4J updater config
     * @return its family
     * @throws IllegalArgumentException for AdaDelta or an updater this rule does not know
     */
    public static Family family(IUpdater updater) {
        if (updater instanceof NoOp) {
            return Family.NONE;
        }
        if (updater instanceof Sgd || updater instanceof Nesterovs) {
            return Family.GRADIENT_DESCENT;
        }
        if (updater instanceof Adam || updater instanceof AdaMax || updater instanceof Nadam
                || updater instanceof AMSGrad || updater instanceof AdaBelief
                || updater instanceof RmsProp || updater instanceof AdaGrad) {
            return Family.ADAPTIVE;
        }
        String name = updater == null ? "null" : updater.getClass().getSimpleName();
        String why = updater instanceof AdaDelta ? " (AdaDelta has no learning rate to scale)" : "";
        throw new IllegalArgumentException("updater = " + name + why
                + " is not supported by the α/(L·M) learning-rate rule; use Sgd or Nesterovs (the paper's"
                + " rule) or Adam, AdaMax, Nadam, AMSGrad, AdaBelief, RmsProp, AdaGrad (the adaptive"
                + " rule), or NoOp, in NeuralNetConfiguration.Builder.updater(...)");
    }

    /**
     * SGD multiplier for U and V: L·M·D/(2α²) (MODEL.md, reference gradient step).
     *
     * @param depth        L
     * @param width        M
     * @param embeddingDim D
     * @param alpha        α
     * @return the multiplier of the base rate
     */
    public static double residualSgd(int depth, int width, long embeddingDim, double alpha) {
        return (double) depth * width * embeddingDim / (2.0 * alpha * alpha);
    }

    /**
     * @param embeddingDim D
     * @param nOut         d_out
     * @return SGD multiplier for a trainable readout W_U: D·d_out/2
     */
    public static double readoutSgd(long embeddingDim, long nOut) {
        return embeddingDim * (double) nOut / 2.0;
    }

    /**
     * @param embeddingDim D
     * @param nIn          d_in
     * @return SGD multiplier for a trainable embedding W_E: D/(2·d_in)
     */
    public static double embeddingSgd(long embeddingDim, long nIn) {
        return embeddingDim / (2.0 * nIn);
    }

    /**
     * Adaptive multiplier: the init std of the parameter's entries over α (α = 1 for the
     * embedding and readout).
     *
     * @param initStd the init std of the parameter's entries
     * @param alpha   α
     * @return the multiplier of the base rate
     */
    public static double adaptive(double initStd, double alpha) {
        return initStd / alpha;
    }

    /**
     * Returns a copy of {@code base} whose learning rate, and schedule if it has one, is
     * multiplied by the factor of its family.
     *
     * @param base             the network's updater (holds the base rate η)
     * @param sgdFactor        multiplier used if {@code base} is a gradient-descent updater
     * @param adaptiveFactor   multiplier used if {@code base} is an adaptive updater
     * @return the scaled copy ({@code base} itself is not modified); {@code null} if base is null
     */
    public static IUpdater scale(IUpdater base, double sgdFactor, double adaptiveFactor) {
        if (base == null) {
            return null;
        }
        Family f = family(base);
        if (f == Family.NONE) {
            return base.clone();
        }
        double m = f == Family.GRADIENT_DESCENT ? sgdFactor : adaptiveFactor;
        IUpdater copy = base.clone();
        double lr;
        ISchedule schedule;
        if (copy instanceof Sgd s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else if (copy instanceof Nesterovs s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else if (copy instanceof Adam s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else if (copy instanceof AdaMax s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else if (copy instanceof Nadam s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else if (copy instanceof AMSGrad s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else if (copy instanceof AdaBelief s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else if (copy instanceof RmsProp s) {
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        } else {
            AdaGrad s = (AdaGrad) copy;
            lr = s.getLearningRate();
            schedule = s.getLearningRateSchedule();
        }
        copy.setLrAndSchedule(lr * m, schedule == null ? null : new ScaledSchedule(schedule, m));
        return copy;
    }
}
