package org.meanode.layers;

/**
 * The BLAS operations of the residual kernel, on {@link Operand}s (c-order, contiguous, 2-D, same
 * data type): {@code C ← alpha·op(A)·op(B) + beta·C}, {@code y ← a·x + y}, {@code x ← a·x} and a copy. Implementations: {@link Nd4jGemm}
 * (any ND4J backend) and {@link OpenBlasGemm} (nd4j-native, direct BLAS calls).
 */
interface Gemm {
    /**
     * C ← alpha·op(A)·op(B) + beta·C, op(X) = Xᵀ if trans.
     *
     * @param a      A
     * @param transA transpose A
     * @param b      B
     * @param transB transpose B
     * @param c      C, overwritten (read too unless beta = 0)
     * @param alpha  scale of the product
     * @param beta   scale of C's previous value
     */
    void gemm(Operand a, boolean transA, Operand b, boolean transB, Operand c, double alpha, double beta);

    /**
     * @param src source
     * @param dst destination, same shape
     */
    void copy(Operand src, Operand dst);

    /**
     * y ← a·x + y.
     *
     * @param a scale
     * @param x x, same shape as y
     * @param y y, overwritten
     */
    void axpy(double a, Operand x, Operand y);

    /**
     * x ← a·x.
     *
     * @param a scale
     * @param x x, overwritten
     */
    void scal(double a, Operand x);

    /** @return true if the arrays live in host memory that Java loops may read and write directly */
    boolean hostMemory();

    /**
     * Checks the sizes of a product; shared by the implementations.
     *
     * @return {m, n, k}
     */
    static int[] sizes(Operand a, boolean transA, Operand b, boolean transB, Operand c) {
        int m = transA ? a.cols : a.rows;
        int k = transA ? a.rows : a.cols;
        int kb = transB ? b.cols : b.rows;
        int n = transB ? b.rows : b.cols;
        if (k != kb || c.rows != m || c.cols != n) {
            throw new IllegalStateException("gemm size mismatch: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.rows + "x" + c.cols);
        }
        return new int[] {m, n, k};
    }
}
