package org.meanode.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cached [D, M] views (as INDArrays, or as {@link Operand}s for {@link Gemm}) of the blocks of
 * [nb, D, M] weight and gradient arrays.
 *
 * <p>The views are made directly on the data buffer (offset + l·D·M, strides [M, 1]) rather
 * than with {@code get(NDArrayIndex.point(l))}: in ND4J 1.0.0-M2.1 that call returns an empty
 * array for the last slice of a view that starts at a non-zero offset in the network's flat
 * parameter vector (observed for the stack's "U" at offset d_in·D). The views are rebuilt only
 * when the array given describes other memory than last time (a new reshape of the same
 * parameters, as the single-block layers pass every call, reuses them).
 */
final class BlockViews {
    private final INDArray[] sources;
    private final INDArray[][] views;
    private final Operand[][] operands;

    /** @param slots number of distinct arrays tracked (e.g. U, V, dU, dV) */
    BlockViews(int slots) {
        sources = new INDArray[slots];
        views = new INDArray[slots][];
        operands = new Operand[slots][];
    }

    /**
     * @param slot which tracked array
     * @param w    [nb, D, M], c-order contiguous
     * @return nb views [D, M] sharing memory with {@code w}, as {@link Operand}s
     */
    Operand[] operands(int slot, INDArray w) {
        INDArray[] v = blocks(slot, w);
        if (operands[slot] == null) {
            Operand[] out = new Operand[v.length];
            for (int l = 0; l < v.length; l++) {
                out[l] = new Operand(v[l]);
            }
            operands[slot] = out;
        }
        return operands[slot];
    }

    /**
     * @param slot which tracked array
     * @param w    [nb, D, M], c-order contiguous
     * @return nb views [D, M] sharing memory with {@code w}
     */
    INDArray[] blocks(int slot, INDArray w) {
        if (views[slot] != null && sameMemory(sources[slot], w)) {
            return views[slot];
        }
        int nb = (int) w.size(0);
        long d = w.size(1);
        long m = w.size(2);
        long[] st = w.stride();
        if (w.ordering() != 'c' || st[2] != 1 || st[1] != m || st[0] != d * m) {
            throw new IllegalStateException("residual weights must be c-order contiguous [nb, D, M], got shape "
                    + Arrays.toString(w.shape()) + " strides " + Arrays.toString(st));
        }
        INDArray[] out = new INDArray[nb];
        for (int l = 0; l < nb; l++) {
            out[l] = Nd4j.create(w.data(), new long[] {d, m}, new long[] {m, 1}, w.offset() + l * d * m, 'c');
        }
        sources[slot] = w;
        views[slot] = out;
        operands[slot] = null;
        return out;
    }

    /** @return whether a and b describe the same elements of the same buffer in the same layout */
    private static boolean sameMemory(INDArray a, INDArray b) {
        return a == b || a != null && a.data() == b.data() && a.offset() == b.offset() && a.ordering() == b.ordering()
                && Arrays.equals(a.shape(), b.shape()) && Arrays.equals(a.stride(), b.stride());
    }
}
