package org.meanode.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the kernel keeps the forward pass of nb blocks for the backward pass. The blocks are cut
 * into segments of k consecutive blocks (the last one may be shorter); the hidden state at the
 * start of every segment and the output are kept ("checkpoints", ⌈nb/k⌉ + 1 arrays [N, D]), and
 * one segment's worth of intermediate states is kept in reusable buffers: k − 1 hidden states
 * [N, D], k activations A [N, M], and k pre-activations P [N, M] if the activation needs them.
 *
 * <p>With k = nb (no checkpointing) this is every h_l and A_l: nothing is recomputed. With
 * k &lt; nb the backward pass recomputes each segment but the last from its checkpoint before
 * going back through it: memory (⌈nb/k⌉ + k)·N·D + k·N·M instead of (nb + 1)·N·D + nb·N·M, for
 * one extra forward pass (two of the six products of a block) over nb − k blocks.
 */
final class Tape {
    final int nb;
    final int k;
    final int segments;
    private final Operand[] checkpoints;
    private final Operand[] segH;
    private final Operand[] segAct;
    private final Operand[] segPre;

    /**
     * @param nb        number of blocks
     * @param k         segment length, 1 ≤ k ≤ nb
     * @param batch     N
     * @param d         D
     * @param m         M
     * @param keepPre   whether pre-activations are kept
     * @param dt        data type
     */
    Tape(int nb, int k, long batch, long d, long m, boolean keepPre, DataType dt) {
        if (k < 1 || k > nb) {
            throw new IllegalArgumentException("segment length " + k + " must be in [1, " + nb + "]");
        }
        this.nb = nb;
        this.k = k;
        this.segments = (nb + k - 1) / k;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            checkpoints = alloc(segments + 1, dt, batch, d);
            segH = alloc(k - 1, dt, batch, d);
            segAct = alloc(k, dt, batch, m);
            segPre = keepPre ? alloc(k, dt, batch, m) : null;
        }
    }

    private static Operand[] alloc(int count, DataType dt, long rows, long cols) {
        Operand[] out = new Operand[count];
        for (int i = 0; i < count; i++) {
            out[i] = new Operand(Nd4j.createUninitializedDetached(dt, 'c', rows, cols));
        }
        return out;
    }

    /** @return h_l, l in [0, nb] (only valid for l inside the resident segment or at a checkpoint) */
    Operand h(int l) {
        if (l == nb) {
            return checkpoints[segments];
        }
        int r = l % k;
        return r == 0 ? checkpoints[l / k] : segH[r - 1];
    }

    /** @return A_l's buffer */
    Operand act(int l) {
        return segAct[l % k];
    }

    /** @return P_l's buffer, or null if P is not kept */
    Operand pre(int l) {
        return segPre == null ? null : segPre[l % k];
    }

    /** @return first block of segment j */
    int lo(int j) {
        return j * k;
    }

    /** @return one past the last block of segment j */
    int hi(int j) {
        return Math.min(nb, (j + 1) * k);
    }

    /** @return bytes of all arrays kept */
    long bytes() {
        long total = 0;
        for (Operand[] group : new Operand[][] {checkpoints, segH, segAct, segPre}) {
            if (group != null) {
                for (Operand o : group) {
                    total += o.length() * o.array.dataType().width();
                }
            }
        }
        return total;
    }
}
