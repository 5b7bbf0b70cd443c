package org.meanode.units;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The operations a {@link UnitFunction} computes its forward and backward pieces with, supplied
 * by the residual kernel that runs every unit ({@code org.meanode.layers}). On ND4J's CPU backend
 * they are direct BLAS calls and Java loops on the arrays' host memory (float32 tanh by a fast
 * rational approximation); elsewhere ND4J operations. Every array passed is 2-D, c-order and
 * contiguous, of the network's floating-point type: the kernel's own arrays (h, the unit's
 * stored and scratch arrays, the parameter blocks [rows, M] of one block of units) or arrays
 * returned by these operations.
 */
public interface UnitOps {

    /**
     * C ← alpha·op(A)·op(B) + beta·C, op(X) = Xᵀ if the flag is set.
     *
     * @param a      A
     * @param transA transpose A
     * @param b      B
     * @param transB transpose B
     * @param c      C, overwritten (read too unless beta = 0)
     * @param alpha  scale of the product
     * @param beta   scale of C's previous value
     */
    void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha, double beta);

    /**
     * @param f an activation
     * @return true if {@link #activationGrad} needs f's input P; false if it works from f's output
     *         alone (tanh on the host, identity), so that a unit may compute f in place and not store P
     */
    boolean keepsInput(IActivation f);

    /**
     * act ← f(pre). When {@link #keepsInput}(f) is false, {@code pre} may be {@code act} itself (in place).
     *
     * @param f        the activation
     * @param pre      its input, [N, M]
     * @param act      receives f(pre), [N, M]
     * @param training DL4J's training flag
     */
    void activate(IActivation f, INDArray pre, INDArray act, boolean training);

    /**
     * @param f    the activation
     * @param pre  its input (null allowed when {@link #keepsInput}(f) is false)
     * @param act  its output, as {@link #activate} wrote it
     * @param dAct ∂J/∂act, may be overwritten
     * @param tmp  scratch of act's shape
     * @return f'(pre) ⊙ dAct, which is {@code dAct} or {@code tmp}
     */
    INDArray activationGrad(IActivation f, INDArray pre, INDArray act, INDArray dAct, INDArray tmp);

    /**
     * out ← a ⊙ b (element-wise; out may be a or b).
     *
     * @param a   [R, C]
     * @param b   [R, C]
     * @param out [R, C]
     */
    void mul(INDArray a, INDArray b, INDArray out);

    /**
     * m ← m + 1·row (row added to every row).
     *
     * @param m   [R, C]
     * @param row [1, C]
     */
    void addRow(INDArray m, INDArray row);

    /**
     * row ← 1ᵀ m (column sums).
     *
     * @param m   [R, C]
     * @param row [1, C], overwritten
     */
    void columnSums(INDArray m, INDArray row);

    /**
     * y ← s·x (element-wise; y may be x). The kernel's version is a memcpy and a BLAS scal on host
     * memory (no ND4J operation); the default is ND4J's assign and muli (the same products).
     *
     * @param s the scale
     * @param x [R, C]
     * @param y [R, C], overwritten
     */
    default void scaled(double s, INDArray x, INDArray y) {
        if (x != y) {
            y.assign(x);
        }
        y.muli(s);
    }

    /**
     * y ← y + a·x (element-wise). The kernel's version is a BLAS axpy on host memory; with a = 1 it
     * makes the same sums as an addition in place.
     *
     * @param a the scale of x
     * @param x [R, C]
     * @param y [R, C], accumulated into
     */
    default void axpy(double a, INDArray x, INDArray y) {
        y.addi(a == 1.0 ? x : x.mul(a));
    }

    /**
     * a ← 0.
     *
     * @param a [R, C]
     */
    default void zero(INDArray a) {
        a.assign(0.0);
    }

    /**
     * A [rows, cols] view of a contiguous c-order array of rows·cols entries, for units that see
     * a kernel array [N, c·k] as [N·c, k] (the convolutional unit's pixels as rows). The default
     * reshapes; the kernel caches the view, so repeated calls are cheap.
     *
     * @param a    the array (one of the kernel's or a parameter block view)
     * @param rows rows of the view
     * @param cols columns of the view
     * @return the view, sharing a's memory
     */
    default INDArray view(INDArray a, long rows, long cols) {
        return a.reshape('c', rows, cols);
    }

    /**
     * dst[n, t] ← src[n, index[t]] (0 where index[t] &lt; 0), row by row: an im2col-style gather
     * with one index table for every row (example).
     *
     * @param src   [R, S]
     * @param index length T, entries in [−1, S)
     * @param dst   [R, T], overwritten
     */
    default void gather(INDArray src, int[] index, INDArray dst) {
        double[][] s = src.toDoubleMatrix();
        double[][] d = new double[s.length][index.length];
        for (int n = 0; n < s.length; n++) {
            for (int t = 0; t < index.length; t++) {
                d[n][t] = index[t] < 0 ? 0.0 : s[n][index[t]];
            }
        }
        dst.assign(org.nd4j.linalg.factory.Nd4j.create(d).castTo(dst.dataType()));
    }

    /**
     * dst[n, index[t]] += scale · src[n, t] for index[t] ≥ 0, row by row, t in increasing order: the
     * adjoint of {@link #gather} (col2im), and with a permutation table a transposing add.
     *
     * @param src   [R, T]
     * @param index length T, entries in [−1, S)
     * @param scale multiplier of src
     * @param dst   [R, S], accumulated into
     */
    default void scatterAdd(INDArray src, int[] index, double scale, INDArray dst) {
        double[][] s = src.toDoubleMatrix();
        double[][] d = dst.toDoubleMatrix();
        for (int n = 0; n < s.length; n++) {
            for (int t = 0; t < index.length; t++) {
                if (index[t] >= 0) {
                    d[n][index[t]] += scale * s[n][t];
                }
            }
        }
        dst.assign(org.nd4j.linalg.factory.Nd4j.create(d).castTo(dst.dataType()));
    }
}
