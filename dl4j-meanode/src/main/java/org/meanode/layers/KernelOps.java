package org.meanode.layers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
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
    private final Gemm gemm;
    private final DataType dataType;
    private final long entries;
    private final Map<INDArray, Operand> operands = new IdentityHashMap<>();
    private final Map<IActivation, ActivationPass> passes = new IdentityHashMap<>();

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
    void axpy(double a, INDArray x, INDArray y) {
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
            if (out == a) {
                out.muli(b);
            } else if (out == b) {
                out.muli(a);
            } else {
                out.assign(a).muli(b);
            }
            return;
        }
        int n = (int) op(out).length();
        if (dataType == DataType.DOUBLE) {
            DoubleBuffer x = op(a).doubles();
            DoubleBuffer y = op(b).doubles();
            DoubleBuffer o = op(out).doubles();
            for (int i = 0; i < n; i++) {
                o.put(i, x.get(i) * y.get(i));
            }
        } else {
            FloatBuffer x = op(a).floats();
            FloatBuffer y = op(b).floats();
            FloatBuffer o = op(out).floats();
            for (int i = 0; i < n; i++) {
                o.put(i, x.get(i) * y.get(i));
            }
        }
    }

    @Override
    public void addRow(INDArray m, INDArray row) {
        if (!gemm.hostMemory()) {
            m.addiRowVector(row);
            return;
        }
        Operand mo = op(m);
        int cols = mo.cols;
        if (dataType == DataType.DOUBLE) {
            DoubleBuffer x = mo.doubles();
            DoubleBuffer r = op(row).doubles();
            for (int i = 0; i < mo.rows; i++) {
                for (int j = 0, at = i * cols; j < cols; j++, at++) {
                    x.put(at, x.get(at) + r.get(j));
                }
            }
        } else {
            FloatBuffer x = mo.floats();
            FloatBuffer r = op(row).floats();
            for (int i = 0; i < mo.rows; i++) {
                for (int j = 0, at = i * cols; j < cols; j++, at++) {
                    x.put(at, x.get(at) + r.get(j));
                }
            }
        }
    }

    @Override
    public void columnSums(INDArray m, INDArray row) {
        m.sum(row, true, 0);
    }

    /** y ← s·x (element-wise). */
    void scaled(double s, INDArray x, INDArray y) {
        if (!gemm.hostMemory()) {
            y.assign(x).muli(s);
            return;
        }
        int n = (int) op(y).length();
        if (dataType == DataType.DOUBLE) {
            DoubleBuffer xs = op(x).doubles();
            DoubleBuffer ys = op(y).doubles();
            for (int i = 0; i < n; i++) {
                ys.put(i, xs.get(i) * s);
            }
        } else {
            FloatBuffer xs = op(x).floats();
            FloatBuffer ys = op(y).floats();
            float sf = (float) s;
            for (int i = 0; i < n; i++) {
                ys.put(i, xs.get(i) * sf);
            }
        }
    }

    /** y ← y + x. */
    void add(INDArray x, INDArray y) {
        if (!gemm.hostMemory()) {
            y.addi(x);
            return;
        }
        int n = (int) op(y).length();
        if (dataType == DataType.DOUBLE) {
            DoubleBuffer xs = op(x).doubles();
            DoubleBuffer ys = op(y).doubles();
            for (int i = 0; i < n; i++) {
                ys.put(i, ys.get(i) + xs.get(i));
            }
        } else {
            FloatBuffer xs = op(x).floats();
            FloatBuffer ys = op(y).floats();
            for (int i = 0; i < n; i++) {
                ys.put(i, ys.get(i) + xs.get(i));
            }
        }
    }

    /** a ← 0. */
    void zero(INDArray a) {
        if (!gemm.hostMemory()) {
            a.assign(0.0);
            return;
        }
        Operand o = op(a);
        org.bytedeco.javacpp.Pointer.memset(o.pointer(), 0, o.length() * dataType.width());
    }
}
