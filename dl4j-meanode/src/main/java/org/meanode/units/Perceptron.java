package org.meanode.units;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The pieces of the two-layer-perceptron units ({@link TwoLayerUnit}, {@link TwoLayerBiasUnit}),
 * for U, V : [D, M] and an optional bias b : [1, M]:
 * <pre>
 *   P = h U / D (+ 1 b),   A = σ(P),   out += scale · A Vᵀ
 *   dV = scale · gᵀA,   dP = σ'(P) ⊙ (scale · g V),   dU = hᵀ dP / D,   (db = 1ᵀ dP,)   dH += dP Uᵀ / D
 * </pre>
 * Stored: A, and P before it when σ's gradient needs P ({@link UnitOps#keepsInput}); otherwise P
 * is computed in place into A. Scratch: dA, and an activation scratch when P is kept.
 */
final class Perceptron {
    private Perceptron() {
    }

    /** @return the column counts of the stored (and scratch) arrays */
    static long[] columns(UnitOps ops, IActivation sigma, int m) {
        return ops.keepsInput(sigma) ? new long[] {m, m} : new long[] {m};
    }

    static void forward(UnitOps ops, IActivation sigma, INDArray h, INDArray u, INDArray b, INDArray v, double scale,
                        INDArray out, INDArray[] stored, boolean training) {
        INDArray a = stored[stored.length - 1];
        INDArray p = stored[0];
        ops.gemm(h, false, u, false, p, 1.0 / h.size(1), 0.0);
        if (b != null) {
            ops.addRow(p, b);
        }
        ops.activate(sigma, p, a, training);
        if (out != null) {
            ops.gemm(a, false, v, true, out, scale, 1.0);
        }
    }

    static void backward(UnitOps ops, IActivation sigma, INDArray h, INDArray u, INDArray v, double scale, INDArray dOut,
                         INDArray[] stored, INDArray[] scratch, INDArray dH, INDArray dU, INDArray db, INDArray dV) {
        double invD = 1.0 / h.size(1);
        INDArray a = stored[stored.length - 1];
        INDArray dA = scratch[0];
        ops.gemm(dOut, true, a, false, dV, scale, 0.0);
        ops.gemm(dOut, false, v, false, dA, scale, 0.0);
        INDArray dP = ops.activationGrad(sigma, stored.length > 1 ? stored[0] : null, a, dA, scratch[scratch.length - 1]);
        ops.gemm(h, true, dP, false, dU, invD, 0.0);
        if (db != null) {
            ops.columnSums(dP, db); // db = 1ᵀ dP, [1, M]
        }
        ops.gemm(dP, false, u, true, dH, invD, 1.0);
    }
}
