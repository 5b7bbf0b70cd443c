package org.meanode.layers;

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
 * Every product is one GEMM into an array allocated once per (minibatch size, data type),
 * outside any workspace, and reused across iterations. Memory: (nb+1)·N·D + 2·nb·N·M for the
 * stored forward pass plus N·D + 2·N·M scratch.
 *
 * <p>Not thread-safe: one kernel per layer instance, as DL4J layers are.
 */
final class ResidualKernel {
    private long n = -1;
    private DataType dtype;
    private INDArray[] h;   // nb+1 hidden states [N, D]
    private INDArray[] pre; // nb pre-activations [N, M]
    private INDArray[] act; // nb activations [N, M]
    private INDArray g;     // running gradient [N, D]
    private INDArray dA;    // [N, M]
    private INDArray tmp;   // [N, M]
    private final BlockViews views = new BlockViews(4);

    private void ensure(int nb, long batch, long d, long m, DataType dt) {
        if (batch == n && dt == dtype && h != null && h.length == nb + 1) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            h = new INDArray[nb + 1];
            pre = new INDArray[nb];
            act = new INDArray[nb];
            for (int l = 0; l <= nb; l++) {
                h[l] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            }
            for (int l = 0; l < nb; l++) {
                pre[l] = Nd4j.createUninitializedDetached(dt, 'c', batch, m);
                act[l] = Nd4j.createUninitializedDetached(dt, 'c', batch, m);
            }
            g = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            dA = Nd4j.createUninitializedDetached(dt, 'c', batch, m);
            tmp = Nd4j.createUninitializedDetached(dt, 'c', batch, m);
        }
        n = batch;
        dtype = dt;
    }

    /**
     * @param input [N, D]
     * @param u     [nb, D, M] c-order
     * @param v     [nb, D, M] c-order
     * @param c     residual multiplier α/(L·M)
     * @param sigma activation
     * @return h_nb, an internal array: copy it before the next call
     */
    INDArray forward(INDArray input, INDArray u, INDArray v, double c, IActivation sigma, boolean training) {
        int nb = (int) u.size(0);
        long d = u.size(1);
        long m = u.size(2);
        ensure(nb, input.size(0), d, m, u.dataType());
        INDArray[] uBlocks = views.blocks(0, u);
        INDArray[] vBlocks = views.blocks(1, v);
        h[0].assign(input);
        double invD = 1.0 / d;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int l = 0; l < nb; l++) {
                INDArray ul = uBlocks[l];
                INDArray vl = vBlocks[l];
                Nd4j.gemm(h[l], ul, pre[l], false, false, invD, 0.0);
                act[l].assign(pre[l]);
                INDArray a = sigma.getActivation(act[l], training);
                if (a != act[l]) {
                    act[l].assign(a);
                }
                h[l + 1].assign(h[l]);
                Nd4j.gemm(act[l], vl, h[l + 1], false, true, c, 1.0);
            }
        }
        return h[nb];
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
     * @param sigma   activation
     * @return ∂J/∂h_0, an internal array: copy it before the next call
     */
    INDArray backward(INDArray epsilon, INDArray u, INDArray v, INDArray gradU, INDArray gradV, double c,
                      IActivation sigma) {
        int nb = (int) u.size(0);
        long d = u.size(1);
        if (h == null || epsilon.size(0) != n) {
            throw new IllegalStateException("backward called without a matching forward pass (minibatch "
                    + epsilon.size(0) + ", last forward " + n + ")");
        }
        double invD = 1.0 / d;
        INDArray[] uBlocks = views.blocks(0, u);
        INDArray[] vBlocks = views.blocks(1, v);
        INDArray[] gradUBlocks = views.blocks(2, gradU);
        INDArray[] gradVBlocks = views.blocks(3, gradV);
        g.assign(epsilon);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int l = nb - 1; l >= 0; l--) {
                INDArray ul = uBlocks[l];
                INDArray vl = vBlocks[l];
                INDArray gul = gradUBlocks[l];
                INDArray gvl = gradVBlocks[l];
                Nd4j.gemm(g, act[l], gvl, true, false, c, 0.0);
                Nd4j.gemm(g, vl, dA, false, false, c, 0.0);
                tmp.assign(pre[l]);
                INDArray dP = sigma.backprop(tmp, dA).getFirst();
                Nd4j.gemm(h[l], dP, gul, true, false, invD, 0.0);
                Nd4j.gemm(dP, ul, g, false, true, invD, 1.0);
            }
        }
        return g;
    }

    /** Releases the stored forward pass. */
    void clear() {
        h = null;
        pre = null;
        act = null;
        g = null;
        dA = null;
        tmp = null;
        n = -1;
    }
}
