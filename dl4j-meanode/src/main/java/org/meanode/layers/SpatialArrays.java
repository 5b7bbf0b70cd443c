package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.exception.DL4JInvalidInputException;
import org.meanode.units.SpatialUnit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The residual layers' view of DL4J's convolutional activations [N, C, H, W] (NCHW) as the
 * kernel's rows [N, C·H·W], for layers whose unit is a {@link SpatialUnit}.
 */
final class SpatialArrays {
    private SpatialArrays() {
    }

    /**
     * @param a [N, C, H, W] or already [N, D]
     * @return a as [N, C·H·W]: a view when a is c-order contiguous, else a c-order copy (same element order)
     */
    static INDArray rows(INDArray a) {
        if (a.rank() == 2) {
            return a;
        }
        long n = a.size(0);
        long d = a.length() / Math.max(n, 1);
        INDArray r = a.reshape('c', n, d);
        return Operand.isRowMajorContiguous(r) ? r : r.dup('c');
    }

    /**
     * @throws DL4JInvalidInputException unless {@code a} is [N, C, H, W] for the unit's image
     *                                    (an NHWC array is named as such)
     */
    static void check(String owner, SpatialUnit unit, INDArray a, String what) {
        long[] s = a.shape();
        int c = unit.getChannels();
        int h = unit.getHeight();
        int w = unit.getWidth();
        if (a.rank() == 4 && s[1] == c && s[2] == h && s[3] == w) {
            return;
        }
        String hint = a.rank() == 4 && s[1] == h && s[2] == w && s[3] == c
                ? "; this looks like NHWC [N, H, W, C]: the unit computes on NCHW, use CNN2DFormat.NCHW (DL4J's default)"
                : "; feed it DL4J convolutional activations of the unit's image (InputType.convolutional(" + h + ", " + w
                + ", " + c + "))";
        throw new DL4JInvalidInputException(owner + ": expected " + what + " [minibatch, " + c + ", " + h + ", " + w
                + "] (NCHW, unit " + unit + "), got " + Arrays.toString(s) + hint);
    }
}
