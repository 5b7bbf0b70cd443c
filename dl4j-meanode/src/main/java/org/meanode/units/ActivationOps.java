package org.meanode.units;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The two ways the units use an activation, on preallocated arrays. */
final class ActivationOps {
    private ActivationOps() {
    }

    /** dst = f(src). */
    static void apply(IActivation f, INDArray src, INDArray dst, boolean training) {
        dst.assign(src);
        INDArray a = f.getActivation(dst, training);
        if (a != dst) {
            dst.assign(a);
        }
    }

    /**
     * @param f   the activation
     * @param pre its input (not modified)
     * @param eps ∂J/∂f(pre) (some activations return it, modified, as the result)
     * @param tmp scratch of pre's shape (some activations return it as the result)
     * @return f'(pre) ⊙ eps, which may be {@code eps}, {@code tmp} or a new array
     */
    static INDArray backprop(IActivation f, INDArray pre, INDArray eps, INDArray tmp) {
        tmp.assign(pre);
        return f.backprop(tmp, eps).getFirst();
    }

}
