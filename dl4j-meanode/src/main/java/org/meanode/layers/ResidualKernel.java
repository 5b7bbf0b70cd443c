package org.meanode.layers;

import org.meanode.conf.KernelMode;
import org.meanode.ode.ButcherTableau;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one kernel of every residual layer: nb steps of an explicit Runge–Kutta scheme (a
 * {@link ButcherTableau} with r stages) whose stages are blocks of units of a
 * {@link UnitFunction} φ, row layout, with F_{n,i}(x) = Σ_j φ(x, Z_{n,i,j}) over the P units of
 * step n, stage i:
 * <pre>
 *   x_{n,i}  = h_n + Σ_{j&lt;i} a_ij · c · F_{n,j}(x_{n,j})                 [N, D],  c = α/den
 *   h_{n+1}  = h_n + Σ_i   b_i  · c · F_{n,i}(x_{n,i})
 * </pre>
 * A finite stack of L blocks of M units is forward Euler (r = 1, b = 1) with nb blocks and
 * den = L·M, so h_{l+1} = h_l + (α/(L·M)) Σ_j φ(h_l, Z_{l,j}); the limit layer is its solver's
 * tableau with den = S·P. A stage that feeds only h_{n+1} accumulates into it in the unit's own
 * last product (multiplier α·b_i/den); the others write c·F into a scratch array that is added
 * to the later stages' inputs and to h_{n+1}.
 *
 * <p>Backward, the exact discrete adjoint, for g = ∂J/∂h_{n+1}, stages in reverse: the gradient
 * reaching stage i's output is b_i·g + Σ_{j&gt;i} a_ji·∂J/∂x_{n,j}; then ∂J/∂h_n = g + Σ_i
 * ∂J/∂x_{n,i} (with r = 1 the unit accumulates ∂J/∂h_n into g in place).
 *
 * <p>What makes it fast is written once, here: the products are direct BLAS calls on the arrays'
 * memory ({@link OpenBlasGemm}, or {@link Nd4jGemm} elsewhere), through {@link KernelOps}; every
 * array is allocated once per (minibatch size, data type, unit, checkpoint interval), outside any
 * workspace, and reused; the forward pass is kept in a {@link Tape}, and with a checkpoint
 * interval k the backward pass recomputes it segment by segment (same operations on the same
 * inputs, hence the same values); copies are one memcpy; the weight blocks are views made once
 * ({@link BlockViews}); float32 tanh is {@link FastTanh}.
 *
 * <p>Not thread-safe: one kernel per layer instance, as DL4J layers are.
 */
final class ResidualKernel {
    /**
     * The scheme: a tableau, α and the denominator of the units' multiplier.
     *
     * @param tableau the method (EULER for a finite stack)
     * @param alpha   α
     * @param den     L·M for a finite layer, S·P for the limit layer
     */
    record Scheme(ButcherTableau tableau, double alpha, double den) {
        /** @return the multiplier α·b_i/den of a stage that feeds only h_{n+1} */
        double outScale(int i) {
            return alpha * tableau.b(i) / den;
        }

        /** @return c = α/den */
        double c() {
            return alpha / den;
        }
    }

    private final KernelMode mode;
    private final String owner;
    private BlockViews views;
    private KernelOps ops;
    private Tape tape;
    private INDArray g;
    private INDArray kbuf;
    private INDArray src;
    private INDArray[] gx;
    private INDArray[] scratch;
    private UnitFunction unitOfArrays;
    private long batch = -1;
    private long units = -1;
    private DataType dtype;
    private int residentSegment = -1;

    /**
     * @param mode  how to compute ({@link KernelMode})
     * @param owner the owning layer, for messages (e.g. "ScaledResidualStack 'stack'")
     */
    ResidualKernel(KernelMode mode, String owner) {
        this.mode = mode == null ? KernelMode.AUTO : mode;
        this.owner = owner;
    }

    private Gemm resolveOps(DataType dt) {
        if (mode == KernelMode.ND4J_OPS) {
            return Nd4jGemm.INSTANCE;
        }
        String reason = OpenBlasGemm.unavailableReason(dt);
        if (reason == null) {
            SpinWaitWarning.checkOnce();
            return OpenBlasGemm.INSTANCE;
        }
        if (mode == KernelMode.DIRECT_BLAS) {
            throw new IllegalStateException(owner + ": kernelMode = DIRECT_BLAS is not available here: " + reason
                    + "; use .kernelMode(KernelMode.AUTO) (falls back to ND4J operations) or KernelMode.ND4J_OPS");
        }
        return Nd4jGemm.INSTANCE;
    }

    private void ensure(UnitFunction unit, int nb, int r, int kk, long n, long d, long m, DataType dt, int interval) {
        int k = interval <= 0 || interval > nb ? nb : interval;
        if (tape != null && n == batch && dt == dtype && m == units && unit.equals(unitOfArrays) && tape.nb == nb
                && tape.k == k && tape.stages == r) {
            return;
        }
        tape = null; // release before allocating the new one
        ops = new KernelOps(resolveOps(dt), dt, n * Math.max(d, m));
        tape = new Tape(nb, k, r, n, d, unit.storedColumns(d, (int) m, ops), dt);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            g = Nd4j.createUninitializedDetached(dt, 'c', n, d);
            long[] sc = unit.scratchColumns(d, (int) m, ops);
            scratch = new INDArray[sc.length];
            for (int a = 0; a < sc.length; a++) {
                scratch[a] = Nd4j.createUninitializedDetached(dt, 'c', n, sc[a]);
            }
            kbuf = r > 1 ? Nd4j.createUninitializedDetached(dt, 'c', n, d) : null;
            src = r > 1 ? Nd4j.createUninitializedDetached(dt, 'c', n, d) : null;
            gx = r > 1 ? Tape.alloc(r, dt, n, d) : null;
        }
        views = new BlockViews(2 * r * kk);
        unitOfArrays = unit;
        batch = n;
        units = m;
        dtype = dt;
        residentSegment = -1;
    }

    /** @return per stage i, block a and step n, the [rows_a, P] view of z[i][a] : [nb, rows_a, P] */
    private INDArray[][][] blocks(int slotBase, INDArray[][] z) {
        int r = z.length;
        int kk = z[0].length;
        INDArray[][][] out = new INDArray[r][kk][];
        for (int i = 0; i < r; i++) {
            for (int a = 0; a < kk; a++) {
                out[i][a] = views.blocks(slotBase + i * kk + a, z[i][a]);
            }
        }
        return out;
    }

    private static INDArray[] at(INDArray[][] perBlock, int n, INDArray[] into) {
        for (int a = 0; a < into.length; a++) {
            into[a] = perBlock[a][n];
        }
        return into;
    }

    /**
     * @param unit     φ
     * @param input    h_0, [N, D]
     * @param z        per stage i, the unit's parameter blocks [nb, rows_a, P], c-order
     * @param scheme   the scheme
     * @param training DL4J's training flag
     * @param interval checkpoint interval k (0: keep every step's arrays)
     * @return h_nb, an internal array: copy it before the next call
     */
    INDArray forward(UnitFunction unit, INDArray input, INDArray[][] z, Scheme scheme, boolean training, int interval) {
        int r = scheme.tableau().stages();
        int nb = (int) z[0][0].size(0);
        ensure(unit, nb, r, z[0].length, input.size(0), input.size(1), z[0][0].size(2), z[0][0].dataType(), interval);
        INDArray[][][] zb = blocks(0, z);
        INDArray[] zl = new INDArray[z[0].length];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            copy(input, tape.h(0));
            for (int n = 0; n < nb; n++) {
                step(unit, n, zb, zl, scheme, true, training);
            }
        }
        residentSegment = tape.segments - 1;
        return tape.h(nb);
    }

    private void step(UnitFunction unit, int n, INDArray[][][] zb, INDArray[] zl, Scheme sc, boolean writeNext,
                      boolean training) {
        ButcherTableau tab = sc.tableau();
        int r = tab.stages();
        INDArray next = writeNext ? tape.h(n + 1) : null;
        if (writeNext) {
            ops.copy(tape.h(n), next);
        }
        for (int i = 1; i < r; i++) {
            ops.copy(tape.h(n), tape.x(n, i));
        }
        for (int i = 0; i < r; i++) {
            INDArray x = tape.x(n, i);
            if (tab.feedsOnlyOutput(i)) {
                unit.forward(ops, x, at(zb[i], n, zl), sc.outScale(i), next, tape.stored(n, i), scratch, training);
                continue;
            }
            ops.zero(kbuf);
            unit.forward(ops, x, at(zb[i], n, zl), sc.c(), kbuf, tape.stored(n, i), scratch, training);
            if (writeNext) {
                ops.axpy(tab.b(i), kbuf, next);
            }
            for (int j = i + 1; j < r; j++) {
                if (tab.a(j, i) != 0.0) {
                    ops.axpy(tab.a(j, i), kbuf, tape.x(n, j));
                }
            }
        }
    }

    /**
     * Backward pass (exact discrete adjoint) through the steps of the last {@link #forward} call.
     *
     * @param unit    φ, as in forward
     * @param epsilon ∂J/∂h_nb, [N, D]
     * @param z       as in forward
     * @param dz      gradient views shaped as z, overwritten
     * @param scheme  as in forward
     * @return ∂J/∂h_0, an internal array: copy it before the next call
     */
    INDArray backward(UnitFunction unit, INDArray epsilon, INDArray[][] z, INDArray[][] dz, Scheme scheme) {
        ButcherTableau tab = scheme.tableau();
        int r = tab.stages();
        int nb = (int) z[0][0].size(0);
        if (tape == null || residentSegment < 0 || epsilon.size(0) != batch || tape.nb != nb || tape.stages != r) {
            throw new IllegalStateException(owner + ": backward called without a matching forward pass (minibatch "
                    + epsilon.size(0) + ", last forward " + batch + ")");
        }
        int kk = z[0].length;
        INDArray[][][] zb = blocks(0, z);
        INDArray[][][] dzb = blocks(r * kk, dz);
        INDArray[] zl = new INDArray[kk];
        INDArray[] dzl = new INDArray[kk];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            copy(epsilon, g);
            for (int j = tape.segments - 1; j >= 0; j--) {
                int lo = tape.lo(j);
                int hi = tape.hi(j);
                if (residentSegment != j) {
                    for (int n = lo; n < hi; n++) {
                        step(unit, n, zb, zl, scheme, n + 1 < hi, true);
                    }
                    residentSegment = j;
                }
                for (int n = hi - 1; n >= lo; n--) {
                    backStep(unit, n, zb, dzb, zl, dzl, scheme);
                }
            }
        }
        return g;
    }

    private void backStep(UnitFunction unit, int n, INDArray[][][] zb, INDArray[][][] dzb, INDArray[] zl,
                          INDArray[] dzl, Scheme sc) {
        ButcherTableau tab = sc.tableau();
        int r = tab.stages();
        for (int i = r - 1; i >= 0; i--) {
            INDArray in;
            double scale;
            if (tab.feedsOnlyOutput(i)) {
                in = g;
                scale = sc.outScale(i);
            } else {
                in = src;
                scale = sc.c();
                ops.scaled(tab.b(i), g, src);
                for (int j = i + 1; j < r; j++) {
                    if (tab.a(j, i) != 0.0) {
                        ops.axpy(tab.a(j, i), gx[j], src);
                    }
                }
            }
            INDArray dX = r == 1 ? g : gx[i];
            if (r > 1) {
                ops.zero(dX);
            }
            unit.backward(ops, tape.x(n, i), at(zb[i], n, zl), scale, in, tape.stored(n, i), scratch, dX,
                    at(dzb[i], n, dzl));
        }
        if (r > 1) {
            for (int i = 0; i < r; i++) {
                ops.add(gx[i], g);
            }
        }
    }

    /**
     * @param n a step, 0 ≤ n ≤ nb
     * @return h_n of the last forward pass (an internal array); valid for every n only without checkpointing
     */
    INDArray state(int n) {
        return tape.h(n);
    }

    /**
     * dst ← src: one memcpy on host memory when both are row-major contiguous arrays of the same
     * type and shape (direct-BLAS path), ND4J's assign otherwise. Used for the layer's input,
     * output and gradients, so that on the direct-BLAS path, in float32 with tanh or identity, a
     * training step through a 2LP stack calls no ND4J operation (ND4J operations wake OpenMP
     * threads that then spin, unless OMP_WAIT_POLICY=PASSIVE, and slow down the BLAS calls).
     *
     * @param src source
     * @param dst destination
     */
    void copy(INDArray src, INDArray dst) {
        if (ops != null && ops.gemm().hostMemory() && src.dataType() == dst.dataType()
                && java.util.Arrays.equals(src.shape(), dst.shape())
                && Operand.isRowMajorContiguous(src) && Operand.isRowMajorContiguous(dst)) {
            ops.gemm().copy(new Operand(src), new Operand(dst));
        } else {
            dst.assign(src);
        }
    }

    /** @return bytes of the arrays the kernel keeps between calls (forward pass and scratch), 0 before the first call */
    long workingBytes() {
        if (tape == null) {
            return 0;
        }
        long extra = g.length() * dtype.width() + Tape.count(scratch);
        if (kbuf != null) {
            extra += 2 * kbuf.length() * dtype.width() + Tape.count(gx);
        }
        return tape.bytes() + extra;
    }

    /** @return the products' implementation in use ("OpenBlasGemm" or "Nd4jGemm"), or null before the first call */
    String gemmName() {
        return ops == null ? null : ops.gemm().getClass().getSimpleName();
    }

    /** Releases the stored forward pass. */
    void clear() {
        tape = null;
        g = null;
        kbuf = null;
        src = null;
        gx = null;
        scratch = null;
        ops = null;
        batch = -1;
        residentSegment = -1;
    }
}
