package org.meanode.layers;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A c-order, contiguous 2-D array [rows, cols] handed to {@link Gemm} and the element-wise
 * passes, with its host address and an NIO view of its memory made once, on first use (only the
 * direct-BLAS path asks for them; they are valid on ND4J's CPU backend, where arrays live in
 * host memory and never move).
 */
final class Operand {
    final INDArray array;
    final int rows;
    final int cols;
    private Pointer pointer;
    private FloatBuffer floats;
    private DoubleBuffer doubles;

    /**
     * @param array 2-D, row-major, contiguous (row stride = cols, column stride = 1)
     */
    Operand(INDArray array) {
        long[] st = array.stride();
        if (!isRowMajorContiguous(array)) {
            throw new IllegalStateException("kernel operands must be c-order contiguous 2-D arrays, got shape "
                    + Arrays.toString(array.shape()) + " strides " + Arrays.toString(st) + " order " + array.ordering());
        }
        if (array.size(0) > Integer.MAX_VALUE || array.size(1) > Integer.MAX_VALUE) {
            throw new IllegalStateException("kernel operand too large for BLAS int sizes: " + Arrays.toString(array.shape()));
        }
        this.array = array;
        this.rows = (int) array.size(0);
        this.cols = (int) array.size(1);
    }

    /**
     * @param array any array
     * @return true if it is 2-D, row-major and contiguous (ND4J reports stride 1 for a dimension
     *         of size 1, whatever the layout: only the others are checked)
     */
    static boolean isRowMajorContiguous(INDArray array) {
        if (array.rank() != 2) {
            return false;
        }
        long[] st = array.stride();
        return (array.size(0) == 1 || st[0] == array.size(1)) && (array.size(1) == 1 || st[1] == 1);
    }

    /** @return rows·cols */
    long length() {
        return (long) rows * cols;
    }

    /** @return the host address of element [0, 0], typed by the data type (FloatPointer or DoublePointer) */
    Pointer pointer() {
        if (pointer == null) {
            Pointer p = array.data().addressPointer();
            long n = length();
            pointer = array.dataType() == DataType.DOUBLE ? new DoublePointer(p).capacity(n).limit(n)
                    : new FloatPointer(p).capacity(n).limit(n);
        }
        return pointer;
    }

    /** @return the memory as a FloatBuffer of {@link #length()} entries (float32 only, under 2 GiB) */
    FloatBuffer floats() {
        if (floats == null) {
            floats = ((FloatPointer) pointer()).asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        return floats;
    }

    /** @return the memory as a DoubleBuffer of {@link #length()} entries (float64 only, under 2 GiB) */
    DoubleBuffer doubles() {
        if (doubles == null) {
            doubles = ((DoublePointer) pointer()).asByteBuffer().order(ByteOrder.nativeOrder()).asDoubleBuffer();
        }
        return doubles;
    }
}
