package org.meanode.testutil;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between plain Java arrays and ND4J arrays, and the relative error used by the tests. */
public final class Arrays2 {
    private Arrays2() {
    }

    /** @return a double [rows, cols] array with these entries */
    public static INDArray nd(double[][] m) {
        return Nd4j.create(m).castTo(DataType.DOUBLE);
    }

    /** @return a double [a, b, c] array with these entries */
    public static INDArray nd(double[][][] m) {
        INDArray out = Nd4j.create(DataType.DOUBLE, m.length, m[0].length, m[0][0].length);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                for (int k = 0; k < m[0][0].length; k++) {
                    out.putScalar(new long[] {i, j, k}, m[i][j][k]);
                }
            }
        }
        return out;
    }

    /** @return ‖a − b‖_F / ‖b‖_F over all entries, with a and b flattened in the same (logical) order */
    public static double relError(INDArray a, double[][] b) {
        return relError(a, nd(b));
    }

    /** @return ‖a − b‖_F / ‖b‖_F */
    public static double relError(INDArray a, double[][][] b) {
        return relError(a, nd(b));
    }

    /** @return ‖a − b‖_F / ‖b‖_F, computed in double */
    public static double relError(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new AssertionError("shape " + java.util.Arrays.toString(a.shape()) + " vs " + java.util.Arrays.toString(b.shape()));
        }
        INDArray ad = a.castTo(DataType.DOUBLE);
        INDArray bd = b.castTo(DataType.DOUBLE);
        double num = ad.sub(bd).norm2Number().doubleValue();
        double den = bd.norm2Number().doubleValue();
        return num / den;
    }

    /** @return [rows][cols] of N(0,1) draws from java.util.Random(seed) */
    public static double[][] gaussian(long seed, int rows, int cols) {
        return ReferenceResNet.gauss(new java.util.Random(seed), rows, cols, 1.0);
    }
}
