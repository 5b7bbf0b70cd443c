package org.meanode.layers;

import org.meanode.conf.KernelMode;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward and backward pass of nb consecutive 2LP residual blocks (MODEL.md), row layout:
 * <pre>
 *   P_l = h_l U_l / D                      [N, M]
 *   A_l = σ(P_l)                           [N, M]
 *   h_{l+1} = h_l + c · A_l V_lᵀ           [N, D],   c = α/(L·M)
 * </pre>
 * and, for g = ∂J/∂h_{l+1} (DL4J's epsilon):
 * <pre>
 *   ∂J/∂V_l = c · gᵀ A_l      dA = c · g V_l      dP = σ'(P_l) ⊙ dA
 *   ∂J/∂U_l = h_lᵀ dP / D     ∂J/∂h_l = g + dP U_lᵀ / D
 * </pre>
 * Each product is one {@link Gemm} call into an array allocated once per (minibatch size, data
 * type, activation, checkpoint interval), outside any workspace, and reused across iterations;
 * the element-wise work is one {@link ActivationPass} per block and direction. The forward pass
 * is kept in a {@link Tape}; with a checkpoint interval k the backward pass recomputes it segment
 * by segment (same operations on the same inputs, hence the same values).
 *
 * <p>Not thread-safe: one kernel per layer instance, as DL4J layers are.
 */
final class ResidualKernel {
    private final KernelMode mode;
    private final String owner;
    private final BlockViews views = new BlockViews(4);
    private Gemm ops;
    private ActivationPass pass;
    private Tape tape;
    private Operand g;
    private Operand dA;
    private Operand tmp;
    private long batch = -1;
    private DataType dtype;
    private Class<?> sigmaClass;
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

    private void ensure(int nb, long n, long d, long m, DataType dt, IActivation sigma, int interval) {
        int k = interval <= 0 || interval > nb ? nb : interval;
        if (tape != null && n == batch && dt == dtype && sigma.getClass() == sigmaClass
                && tape.nb == nb && tape.k == k) {
            return;
        }
        ops = resolveOps(dt);
        pass = ActivationPass.of(sigma, ops.hostMemory(), dt, n * m);
        tape = null; // release before allocating the new one
        tape = new Tape(nb, k, n, d, m, pass.needsPreActivation(), dt);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            g = new Operand(Nd4j.createUninitializedDetached(dt, 'c', n, d));
            dA = new Operand(Nd4j.createUninitializedDetached(dt, 'c', n, m));
            tmp = pass.needsPreActivation() ? new Operand(Nd4j.createUninitializedDetached(dt, 'c', n, m)) : null;
        }
        batch = n;
        dtype = dt;
        sigmaClass = sigma.getClass();
        residentSegment = -1;
    }

    /**
     * @param input    [N, D]
     * @param u        [nb, D, M] c-order
     * @param v        [nb, D, M] c-order
     * @param c        residual multiplier α/(L·M)
     * @param sigma    activation
     * @param training DL4J's training flag
     * @param interval checkpoint interval k (0: keep every block's arrays)
     * @return h_nb, an internal array: copy it before the next call
     */
    INDArray forward(INDArray input, INDArray u, INDArray v, double c, IActivation sigma, boolean training, int interval) {
        int nb = (int) u.size(0);
        long d = u.size(1);
        ensure(nb, input.size(0), d, u.size(2), u.dataType(), sigma, interval);
        Operand[] uBlocks = views.operands(0, u);
        Operand[] vBlocks = views.operands(1, v);
        double invD = 1.0 / d;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            copy(input, tape.h(0).array);
            for (int l = 0; l < nb; l++) {
                blockForward(l, uBlocks[l], vBlocks[l], c, invD, true, training);
            }
        }
        residentSegment = tape.segments - 1;
        return tape.h(nb).array;
    }

    private void blockForward(int l, Operand ul, Operand vl, double c, double invD, boolean writeNext, boolean training) {
        Operand pre = tape.pre(l);
        Operand act = tape.act(l);
        ops.gemm(tape.h(l), false, ul, false, pre != null ? pre : act, invD, 0.0);
        pass.forward(pre, act, training);
        if (writeNext) {
            Operand next = tape.h(l + 1);
            ops.copy(tape.h(l), next);
            ops.gemm(act, false, vl, true, next, c, 1.0);
        }
    }

    /**
     * Backward pass through the blocks of the last {@link #forward} call.
     *
     * @param epsilon ∂J/∂h_nb, [N, D]
     * @param u       [nb, D, M]
     * @param v       [nb, D, M]
     * @param gradU   gradient view for U, [nb, D, M], overwritten
     * @param gradV   gradient view for V, [nb, D, M], overwritten
     * @param c       residual multiplier
     * @return ∂J/∂h_0, an internal array: copy it before the next call
     */
    INDArray backward(INDArray epsilon, INDArray u, INDArray v, INDArray gradU, INDArray gradV, double c) {
        int nb = (int) u.size(0);
        long d = u.size(1);
        if (tape == null || residentSegment < 0 || epsilon.size(0) != batch || tape.nb != nb) {
            throw new IllegalStateException(owner + ": backward called without a matching forward pass (minibatch "
                    + epsilon.size(0) + ", last forward " + batch + ")");
        }
        double invD = 1.0 / d;
        Operand[] uBlocks = views.operands(0, u);
        Operand[] vBlocks = views.operands(1, v);
        Operand[] gradUBlocks = views.operands(2, gradU);
        Operand[] gradVBlocks = views.operands(3, gradV);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            copy(epsilon, g.array);
            for (int j = tape.segments - 1; j >= 0; j--) {
                int lo = tape.lo(j);
                int hi = tape.hi(j);
                if (residentSegment != j) {
                    for (int l = lo; l < hi; l++) {
                        blockForward(l, uBlocks[l], vBlocks[l], c, invD, l + 1 < hi, true);
                    }
                    residentSegment = j;
                }
                for (int l = hi - 1; l >= lo; l--) {
                    Operand act = tape.act(l);
                    ops.gemm(g, true, act, false, gradVBlocks[l], c, 0.0);
                    ops.gemm(g, false, vBlocks[l], false, dA, c, 0.0);
                    Operand dP = pass.backward(tape.pre(l), act, dA, tmp);
                    ops.gemm(tape.h(l), true, dP, false, gradUBlocks[l], invD, 0.0);
                    ops.gemm(dP, false, uBlocks[l], true, g, invD, 1.0);
                }
            }
        }
        return g.array;
    }

    /**
     * dst ← src: one memcpy on host memory when both are row-major contiguous arrays of the same
     * type and shape (direct-BLAS path), ND4J's assign otherwise. Used for the layer's input,
     * output and gradients, so that on the direct-BLAS path, in float32 with tanh or identity, a
     * training step through the stack calls no ND4J operation (ND4J operations wake OpenMP
     * threads that then spin, unless OMP_WAIT_POLICY=PASSIVE, and slow down the BLAS calls).
     *
     * @param src source
     * @param dst destination
     */
    void copy(INDArray src, INDArray dst) {
        if (ops != null && ops.hostMemory() && src.dataType() == dst.dataType()
                && java.util.Arrays.equals(src.shape(), dst.shape())
                && Operand.isRowMajorContiguous(src) && Operand.isRowMajorContiguous(dst)) {
            ops.copy(new Operand(src), new Operand(dst));
        } else {
            dst.assign(src);
        }
    }

    /** @return bytes of the arrays the kernel keeps between calls (forward pass and scratch), 0 before the first call */
    long workingBytes() {
        if (tape == null) {
            return 0;
        }
        long scratch = (g.length() + dA.length() + (tmp == null ? 0 : tmp.length())) * dtype.width();
        return tape.bytes() + scratch;
    }

    /** @return the products' implementation in use ("OpenBlasGemm" or "Nd4jGemm"), or null before the first call */
    String gemmName() {
        return ops == null ? null : ops.getClass().getSimpleName();
    }

    /** Releases the stored forward pass. */
    void clear() {
        tape = null;
        g = null;
        dA = null;
        tmp = null;
        batch = -1;
        residentSegment = -1;
    }
}
