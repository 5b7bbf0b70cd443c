package org.meanode.layers;

import org.nd4j.linalg.factory.Nd4j;

/** {@link Gemm} through ND4J operations ({@code Nd4j.gemm}, ND4J's level-1 axpy, {@code assign}): runs on every backend. */
final class Nd4jGemm implements Gemm {
    static final Nd4jGemm INSTANCE = new Nd4jGemm();

    private Nd4jGemm() {
    }

    @Override
    public void gemm(Operand a, boolean transA, Operand b, boolean transB, Operand c, double alpha, double beta) {
        Gemm.sizes(a, transA, b, transB, c);
        Nd4j.gemm(a.array, b.array, c.array, transA, transB, alpha, beta);
    }

    @Override
    public void axpy(double a, Operand x, Operand y) {
        Nd4j.getBlasWrapper().level1().axpy(x.length(), a, x.array, y.array);
    }

    @Override
    public void scal(double a, Operand x) {
        x.array.muli(a);
    }

    @Override
    public void copy(Operand src, Operand dst) {
        dst.array.assign(src.array);
    }

    @Override
    public boolean hostMemory() {
        return false;
    }
}
