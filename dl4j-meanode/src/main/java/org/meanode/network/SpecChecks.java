package org.meanode.network;

import org.meanode.conf.KernelMode;
import org.meanode.scaling.Regime;

/**
 * The checks of {@link MeanOdeResNet.Builder#build()} between options that are valid one by one
 * but not together: σ, init scales or blocks next to a unit function φ, and kernel or
 * checkpointing options on networks whose layers have no use for them (the limit layer, unfused or
 * user-supplied blocks). The checks of one kind of
 * residual part sit with its assembly ({@link FiniteAssembly#checkBlocks},
 * {@link LimitAssembly#check}).
 *
 * <p>Contributors: a new option that excludes another is rejected here, with a message naming
 * both calls and the one to drop.
 */
final class SpecChecks {
    private SpecChecks() {
    }

    /**
     * @param b a builder with {@code unit(φ)} set
     * @throws IllegalArgumentException if it also sets what φ carries (σ, σ_u, σ_v, blocks, SEMI_COMPLETE)
     */
    static void unitOptions(BaseResNetBuilder<?> b) {
        String o = MeanOdeResNet.OWNER;
        String why = " is set together with .unit(φ): the unit function carries σ and its init scales;";
        if (b.customBlocks != null) {
            throw new IllegalArgumentException(o + ".blocks is set together with .unit(φ); use one of them");
        }
        if (b.sigmaU != null || b.sigmaV != null) {
            throw new IllegalArgumentException(o + ".sigmaU/sigmaV = " + b.sigmaU + "/" + b.sigmaV + why
                    + " set them on the unit, e.g. new TwoLayerUnit(activation, sigmaU, sigmaV)");
        }
        if (b.activationSet) {
            throw new IllegalArgumentException(o + ".activation = " + b.activation + why
                    + " pass it to the unit, e.g. new TwoLayerUnit(Activation.TANH)");
        }
        if (b.regime == Regime.SEMI_COMPLETE) {
            throw new IllegalArgumentException(o + ".regime = SEMI_COMPLETE" + why
                    + " use Regime.COMPLETE and build the unit with σ_v = D^(1/4)");
        }
    }

    /**
     * @param b a builder whose other options passed their checks
     * @throws IllegalArgumentException if kernelMode or checkpointing is set where no finite
     *                                  residual layer (a fused stack, for checkpointing) would use it
     */
    static void kernelOptions(BaseResNetBuilder<?> b) {
        String o = MeanOdeResNet.OWNER;
        boolean wantsCheckpoints = b.checkpointing || b.checkpointInterval > 0;
        KernelMode kernelMode = b.kernelMode;
        if (kernelMode != KernelMode.AUTO && b.solver != null) {
            throw new IllegalArgumentException(o + ": kernelMode = " + kernelMode + " applies to the 2LP residual layers,"
                    + " but this is a .limit(..) network (a MeanOdeLayer, with its own kernel); drop .kernelMode");
        }
        if (wantsCheckpoints && b.solver != null) {
            throw new IllegalArgumentException(o + ": checkpointing applies to the fused ScaledResidualStack, but this"
                    + " is a .limit(..) network (a MeanOdeLayer); drop .checkpointing/.checkpointInterval");
        }
        if (wantsCheckpoints && (!b.fused || b.customBlocks != null)) {
            throw new IllegalArgumentException(o + ": checkpointing applies to the fused ScaledResidualStack, but this"
                    + " network has " + (b.customBlocks != null ? "user-supplied blocks (.blocks(..))" : "fused(false)")
                    + "; use .fused(true) without .blocks(..), or drop .checkpointing/.checkpointInterval");
        }
    }
}
