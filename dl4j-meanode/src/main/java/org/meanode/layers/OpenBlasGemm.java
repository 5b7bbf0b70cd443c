package org.meanode.layers;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dscal;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_saxpy;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sscal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Gemm} as direct calls of {@code cblas_sgemm}/{@code cblas_dgemm} (and ?axpy, ?scal) of the OpenBLAS
 * library that ND4J's CPU backend (nd4j-native) loads and uses itself, on the arrays' host
 * memory, through {@code org.bytedeco.openblas.global.openblas_nolapack} as ND4J's own
 * {@code CpuBlas} does. nd4j-native maps OpenBLAS under two names (libopenblas and
 * libopenblas_nolapack), but their symbols resolve to one library: setting the thread count
 * through either changes both (measured), so ND4J's products and these share one thread pool,
 * sized by OPENBLAS_NUM_THREADS / OMP_NUM_THREADS at start-up or
 * {@code Nd4j.factory().blas().setMaxThreads(n)}.
 *
 * <p>A call costs about 0.3 µs of overhead, against about 10 µs for {@code Nd4j.gemm} (which
 * builds and executes an ND4J custom op); at [256,128]×[128,128] it measured 42 µs against
 * 157 µs (2-core x86-64, OpenBLAS 0.3.19). Copies are one {@code memcpy}.
 *
 * <p>Only usable on nd4j-native ({@link #unavailableReason}): on other backends the
 * OpenBLAS classes may be absent, and arrays may live in device memory.
 */
final class OpenBlasGemm implements Gemm {
    static final OpenBlasGemm INSTANCE = new OpenBlasGemm();
    private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    private static volatile String reason;
    private static volatile boolean checked;

    private OpenBlasGemm() {
    }

    /**
     * @param dataType the arrays' data type
     * @return null if this implementation can be used for that data type, else why not
     */
    static String unavailableReason(DataType dataType) {
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            return "data type " + dataType + " (direct BLAS supports FLOAT and DOUBLE)";
        }
        if (!checked) {
            reason = probe();
            checked = true;
        }
        return reason;
    }

    private static String probe() {
        String backend = Nd4j.getBackend().getClass().getName();
        if (!CPU_BACKEND.equals(backend)) {
            return "ND4J backend " + backend + " (direct BLAS needs nd4j-native, " + CPU_BACKEND + ")";
        }
        if (Nd4j.isFallbackModeEnabled()) {
            return "ND4J's BLAS fallback mode is enabled";
        }
        try {
            Class.forName("org.bytedeco.openblas.global.openblas_nolapack", true, OpenBlasGemm.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "OpenBLAS (org.bytedeco:openblas) cannot be loaded: " + e;
        }
    }

    @Override
    public void gemm(Operand a, boolean transA, Operand b, boolean transB, Operand c, double alpha, double beta) {
        int[] s = Gemm.sizes(a, transA, b, transB, c);
        int ta = transA ? CblasTrans : CblasNoTrans;
        int tb = transB ? CblasTrans : CblasNoTrans;
        if (c.array.dataType() == DataType.DOUBLE) {
            cblas_dgemm(CblasRowMajor, ta, tb, s[0], s[1], s[2], alpha, (DoublePointer) a.pointer(), a.cols,
                    (DoublePointer) b.pointer(), b.cols, beta, (DoublePointer) c.pointer(), c.cols);
        } else {
            cblas_sgemm(CblasRowMajor, ta, tb, s[0], s[1], s[2], (float) alpha, (FloatPointer) a.pointer(), a.cols,
                    (FloatPointer) b.pointer(), b.cols, (float) beta, (FloatPointer) c.pointer(), c.cols);
        }
    }

    @Override
    public void axpy(double a, Operand x, Operand y) {
        if (x.length() != y.length()) {
            throw new IllegalStateException("axpy between different sizes: " + x.length() + " -> " + y.length());
        }
        if (y.array.dataType() == DataType.DOUBLE) {
            cblas_daxpy((int) x.length(), a, (DoublePointer) x.pointer(), 1, (DoublePointer) y.pointer(), 1);
        } else {
            cblas_saxpy((int) x.length(), (float) a, (FloatPointer) x.pointer(), 1, (FloatPointer) y.pointer(), 1);
        }
    }

    @Override
    public void scal(double a, Operand x) {
        if (x.array.dataType() == DataType.DOUBLE) {
            cblas_dscal((int) x.length(), a, (DoublePointer) x.pointer(), 1);
        } else {
            cblas_sscal((int) x.length(), (float) a, (FloatPointer) x.pointer(), 1);
        }
    }

    @Override
    public void copy(Operand src, Operand dst) {
        if (src.length() != dst.length() || src.array.dataType() != dst.array.dataType()) {
            throw new IllegalStateException("copy between different shapes or types: " + src.rows + "x" + src.cols
                    + " " + src.array.dataType() + " -> " + dst.rows + "x" + dst.cols + " " + dst.array.dataType());
        }
        Pointer.memcpy(dst.pointer(), src.pointer(), src.length() * src.array.dataType().width());
    }

    @Override
    public boolean hostMemory() {
        return true;
    }
}
