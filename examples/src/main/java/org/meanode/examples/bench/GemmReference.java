package org.meanode.examples.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's float32 matrix-multiply rate on this machine, the reference for the GD step's
 * GFLOP/s: {@code Nd4j.gemm(A, B, C, false, false, 1, 0)} with A : [m, k], B : [k, n] and a
 * preallocated C, 2·m·k·n flops per call.
 */
public final class GemmReference {
    private GemmReference() {
    }

    /**
     * @param m      rows of A and C
     * @param k      columns of A, rows of B
     * @param n      columns of B and C
     * @param budget timing budget
     * @return the timing of one call
     */
    public static Timing measure(long m, long k, long n, TimingBudget budget) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        return StepTimer.measure(() -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0), budget);
    }

    /**
     * @param m rows of A
     * @param k inner size
     * @param n columns of B
     * @return 2·m·k·n
     */
    public static double flops(long m, long k, long n) {
        return 2.0 * m * k * n;
    }
}
