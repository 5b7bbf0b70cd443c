package org.meanode.layers;

import java.util.IdentityHashMap;
import java.util.Map;
import org.meanode.units.UnitOps;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link UnitOps} the residual kernel hands to the units: products through a {@link Gemm}
 * (direct BLAS or ND4J), activations through an {@link ActivationPass} per activation (float32
 * tanh by {@link FastTanh} on the host), element-wise passes as Java loops over host memory (ND4J
 * operations when the arrays are not in host memory). Each INDArray is wrapped once in an
 * {@link Operand} (host address and NIO view made once) and the wrapper is reused for as long as
 * the kernel keeps its arrays, so the per-call overhead stays at an identity-map lookup.
 */
final class KernelOps implements UnitOps {
    private static final int MAX_CACHED = 4096;
    private static final int CHUNK = ActivationPass.CHUNK;
    private final Gemm gemm;
    private final DataType dataType;
    private final long entries;
    private final Map<INDArray, Operand> operands = new IdentityHashMap<>();
    private final Map<IActivation, ActivationPass> passes = new IdentityHashMap<>();
    private final float[] f1 = new float[CHUNK];
    private final float[] f2 = new float[CHUNK];
    private final double[] d1 = new double[CHUNK];
    private final double[] d2 = new double[CHUNK];
    private final Map<INDArray, INDArray> views = new IdentityHashMap<>();
    private float[] rowF1 = new float[0];
    private float[] rowF2 = new float[0];
    private double[] rowD1 = new double[0];
    private double[] rowD2 = new double[0];

    /**
     * @param gemm     the products' implementation
     * @param dataType the arrays' type
     * @param entries  the largest number of entries of an array the activations see
     */
    KernelOps(Gemm gemm, DataType dataType, long entries) {
        this.gemm = gemm;
        this.dataType = dataType;
        this.entries = entries;
    }

    Gemm gemm() {
        return gemm;
    }

    /** @return the wrapper of {@code a}, made on first use */
    Operand op(INDArray a) {
        Operand o = operands.get(a);
        if (o == null) {
            o = new Operand(a);
            if (operands.size() < MAX_CACHED) {
                operands.put(a, o);
            }
        }
        return o;
    }

    private ActivationPass pass(IActivation f) {
        ActivationPass p = passes.get(f);
        if (p == null) {
            p = ActivationPass.of(f, gemm.hostMemory(), dataType, entries);
            passes.put(f, p);
        }
        return p;
    }

    @Override
    public void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha, double beta) {
        gemm.gemm(op(a), transA, op(b), transB, op(c), alpha, beta);
    }

    /** y ← a·x + y. */
    @Override
    public void axpy(double a, INDArray x, INDArray y) {
        gemm.axpy(a, op(x), op(y));
    }

    /** dst ← src. */
    void copy(INDArray src, INDArray dst) {
        gemm.copy(op(src), op(dst));
    }

    @Override
    public boolean keepsInput(IActivation f) {
        return pass(f).needsPreActivation();
    }

    @Override
    public void activate(IActivation f, INDArray pre, INDArray act, boolean training) {
        ActivationPass p = pass(f);
        if (p.needsPreActivation()) {
            p.forward(op(pre), op(act), training);
        } else {
            if (pre != act) {
                copy(pre, act);
            }
            p.forward(null, op(act), training);
        }
    }

    @Override
    public INDArray activationGrad(IActivation f, INDArray pre, INDArray act, INDArray dAct, INDArray tmp) {
        return pass(f).backward(pre == null ? null : op(pre), op(act), op(dAct), op(tmp)).array;
    }

    @Override
    public void mul(INDArray a, INDArray b, INDArray out) {
        if (!gemm.hostMemory()) {
            if (out == b) {
                out.muli(a);
            } else if (out == a) {
                out.muli(b);
            } else {
                out.assign(a).muli(b);
            }
            return;
        }
        int n = (int) op(out).length();
        for (int s = 0; s < n; s += CHUNK) {
            int len = Math.min(CHUNK, n - s);
            if (dataType == DataType.DOUBLE) {
                op(a).doubles().get(s, d1, 0, len);
                op(b).doubles().get(s, d2, 0, len);
                for (int i = 0; i < len; i++) {
                    d1[i] *= d2[i];
                }
                op(out).doubles().put(s, d1, 0, len);
            } else {
                op(a).floats().get(s, f1, 0, len);
                op(b).floats().get(s, f2, 0, len);
                for (int i = 0; i < len; i++) {
                    f1[i] *= f2[i];
                }
                op(out).floats().put(s, f1, 0, len);
            }
        }
    }

    /**
     * Row by row over m, in chunks of {@link #CHUNK} columns: {@code add} true: m[i, :] += row
     * (row read from {@code row}); false: row += m[i, :] (column sums, rows in order).
     */
    private void rows(INDArray m, INDArray row, boolean add) {
        Operand mo = op(m);
        Operand ro = op(row);
        for (int c = 0; c < mo.cols; c += CHUNK) {
            int len = Math.min(CHUNK, mo.cols - c);
            if (dataType == DataType.DOUBLE) {
                if (add) {
                    ro.doubles().get(c, d2, 0, len);
                } else {
                    java.util.Arrays.fill(d2, 0, len, 0.0);
                }
                for (int i = 0; i < mo.rows; i++) {
                    mo.doubles().get(i * mo.cols + c, d1, 0, len);
                    for (int j = 0; j < len; j++) {
                        if (add) {
                            d1[j] += d2[j];
                        } else {
                            d2[j] += d1[j];
                        }
                    }
                    if (add) {
                        mo.doubles().put(i * mo.cols + c, d1, 0, len);
                    }
                }
                if (!add) {
                    ro.doubles().put(c, d2, 0, len);
                }
            } else {
                if (add) {
                    ro.floats().get(c, f2, 0, len);
                } else {
                    java.util.Arrays.fill(f2, 0, len, 0f);
                }
                for (int i = 0; i < mo.rows; i++) {
                    mo.floats().get(i * mo.cols + c, f1, 0, len);
                    for (int j = 0; j < len; j++) {
                        if (add) {
                            f1[j] += f2[j];
                        } else {
                            f2[j] += f1[j];
                        }
                    }
                    if (add) {
                        mo.floats().put(i * mo.cols + c, f1, 0, len);
                    }
                }
                if (!add) {
                    ro.floats().put(c, f2, 0, len);
                }
            }
        }
    }

    @Override
    public void addRow(INDArray m, INDArray row) {
        if (gemm.hostMemory()) {
            rows(m, row, true);
        } else {
            m.addiRowVector(row);
        }
    }

    @Override
    public void columnSums(INDArray m, INDArray row) {
        if (gemm.hostMemory()) {
            rows(m, row, false);
        } else {
            m.sum(row, true, 0);
        }
    }

    /** y ← s·x (element-wise; y may be x): a copy and a BLAS scal, the same products as a multiplication in place. */
    @Override
    public void scaled(double s, INDArray x, INDArray y) {
        if (x != y) {
            copy(x, y);
        }
        gemm.scal(s, op(y));
    }

    /** y ← y + x: a BLAS axpy with a = 1, the same sums as an addition in place. */
    void add(INDArray x, INDArray y) {
        gemm.axpy(1.0, op(x), op(y));
    }

    /** a ← 0. */
    @Override
    public void zero(INDArray a) {
        if (!gemm.hostMemory()) {
            a.assign(0.0);
            return;
        }
        Operand o = op(a);
        org.bytedeco.javacpp.Pointer.memset(o.pointer(), 0, o.length() * dataType.width());
    }

    /** The view is made once per array and shape and reused (its {@link Operand} too). */
    @Override
    public INDArray view(INDArray a, long rows, long cols) {
        INDArray v = views.get(a);
        if (v == null || v.size(0) != rows || v.size(1) != cols) {
            v = a.reshape('c', rows, cols);
            if (views.size() < MAX_CACHED) {
                views.put(a, v);
            }
        }
        return v;
    }

    private void rowBuffers(int s, int t) {
        int n = Math.max(s, t);
        if (dataType == DataType.DOUBLE && rowD1.length < n) {
            rowD1 = new double[n];
            rowD2 = new double[n];
        } else if (dataType != DataType.DOUBLE && rowF1.length < n) {
            rowF1 = new float[n];
            rowF2 = new float[n];
        }
    }

    /** Host loops over one row at a time (bulk copies in and out); the interface's default elsewhere. */
    @Override
    public void gather(INDArray src, int[] index, INDArray dst) {
        if (!gemm.hostMemory()) {
            UnitOps.super.gather(src, index, dst);
            return;
        }
        Operand so = op(src);
        Operand dO = op(dst);
        int s = so.cols;
        int t = dO.cols;
        rowBuffers(s, t);
        for (int n = 0; n < so.rows; n++) {
            if (dataType == DataType.DOUBLE) {
                so.doubles().get(n * s, rowD1, 0, s);
                for (int j = 0; j < t; j++) {
                    int k = index[j];
                    rowD2[j] = k < 0 ? 0.0 : rowD1[k];
                }
                dO.doubles().put(n * t, rowD2, 0, t);
            } else {
                so.floats().get(n * s, rowF1, 0, s);
                for (int j = 0; j < t; j++) {
                    int k = index[j];
                    rowF2[j] = k < 0 ? 0f : rowF1[k];
                }
                dO.floats().put(n * t, rowF2, 0, t);
            }
        }
    }

    /** Host loops over one row at a time (bulk copies in and out); the interface's default elsewhere. */
    @Override
    public void scatterAdd(INDArray src, int[] index, double scale, INDArray dst) {
        if (!gemm.hostMemory()) {
            UnitOps.super.scatterAdd(src, index, scale, dst);
            return;
        }
        Operand so = op(src);
        Operand dO = op(dst);
        int t = so.cols;
        int s = dO.cols;
        rowBuffers(s, t);
        for (int n = 0; n < so.rows; n++) {
            if (dataType == DataType.DOUBLE) {
                so.doubles().get(n * t, rowD1, 0, t);
                dO.doubles().get(n * s, rowD2, 0, s);
                for (int j = 0; j < t; j++) {
                    int k = index[j];
                    if (k >= 0) {
                        rowD2[k] += scale * rowD1[j];
                    }
                }
                dO.doubles().put(n * s, rowD2, 0, s);
            } else {
                float sc = (float) scale;
                so.floats().get(n * t, rowF1, 0, t);
                dO.floats().get(n * s, rowF2, 0, s);
                for (int j = 0; j < t; j++) {
                    int k = index[j];
                    if (k >= 0) {
                        rowF2[k] += sc * rowF1[j];
                    }
                }
                dO.floats().put(n * s, rowF2, 0, s);
            }
        }
    }
}
