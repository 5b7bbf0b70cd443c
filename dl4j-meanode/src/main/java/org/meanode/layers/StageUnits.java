package org.meanode.layers;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The P units of one solver stage of {@link MeanOdeKernel}, for a minibatch in row layout: the
 * two-layer-perceptron unit φ(x, (u, v)) = v σ(uᵀx/D) of MODEL.md, summed over the units,
 * <pre>
 *   pre = x U / D          [N, P]        x : [N, D],  U, V : [D, P]
 *   act = σ(pre)           [N, P]
 *   out ← β·out + c · act Vᵀ               [N, D]
 * </pre>
 * and its backward pass for g = ∂J/∂(c·act Vᵀ) (the gradient reaching {@code out}):
 * <pre>
 *   ∂J/∂V = c · gᵀ act     dA = c · g V     dP = σ'(pre) ⊙ dA
 *   ∂J/∂U = xᵀ dP / D      dX ← β·dX + dP Uᵀ / D
 * </pre>
 * One GEMM per product, into caller-owned arrays. Kept apart from the solver so that another
 * unit function can take its place.
 */
final class StageUnits {
    private final IActivation sigma;

    /** @param sigma the activation σ */
    StageUnits(IActivation sigma) {
        this.sigma = sigma;
    }

    /**
     * @param x        stage input [N, D]
     * @param u        [D, P]
     * @param v        [D, P]
     * @param pre      receives the pre-activations [N, P]
     * @param act      receives the activations [N, P]
     * @param c        multiplier of the units' sum
     * @param out      [N, D], updated in place
     * @param beta     factor of out's previous value (1 to accumulate, 0 to overwrite)
     * @param training DL4J's training flag, passed to the activation
     */
    void forward(INDArray x, INDArray u, INDArray v, INDArray pre, INDArray act, double c, INDArray out, double beta,
                 boolean training) {
        Nd4j.gemm(x, u, pre, false, false, 1.0 / u.size(0), 0.0);
        act.assign(pre);
        INDArray a = sigma.getActivation(act, training);
        if (a != act) {
            act.assign(a);
        }
        Nd4j.gemm(act, v, out, false, true, c, beta);
    }

    /**
     * @param x     the stage input of the forward pass [N, D]
     * @param u     [D, P]
     * @param v     [D, P]
     * @param pre   the forward pass's pre-activations [N, P]
     * @param act   the forward pass's activations [N, P]
     * @param g     gradient reaching the stage's output [N, D]
     * @param c     the forward multiplier
     * @param gradU receives ∂J/∂U [D, P] (overwritten)
     * @param gradV receives ∂J/∂V [D, P] (overwritten)
     * @param dX    ∂J/∂x contribution [N, D], updated in place
     * @param beta  factor of dX's previous value
     * @param dA    scratch [N, P]
     * @param tmp   scratch [N, P]
     */
    void backward(INDArray x, INDArray u, INDArray v, INDArray pre, INDArray act, INDArray g, double c,
                  INDArray gradU, INDArray gradV, INDArray dX, double beta, INDArray dA, INDArray tmp) {
        double invD = 1.0 / u.size(0);
        Nd4j.gemm(g, act, gradV, true, false, c, 0.0);
        Nd4j.gemm(g, v, dA, false, false, c, 0.0);
        tmp.assign(pre);
        INDArray dP = sigma.backprop(tmp, dA).getFirst();
        Nd4j.gemm(x, dP, gradU, true, false, invD, 0.0);
        Nd4j.gemm(dP, u, dX, false, true, invD, beta);
    }
}
