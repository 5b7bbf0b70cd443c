package org.meanode.layers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the kernel keeps the forward pass of nb steps of r stages for the backward pass (a
 * finite stack: nb blocks, r = 1). The steps are cut into segments of k consecutive steps (the
 * last one may be shorter); the hidden state at the start of every segment and the output are
 * kept ("checkpoints", ⌈nb/k⌉ + 1 arrays [N, D]), and one segment's worth of intermediate arrays
 * is kept in reusable buffers: k − 1 hidden states [N, D], k·(r − 1) stage inputs [N, D], and the
 * unit's stored arrays (2LP with tanh: the activations A [N, M]) for k·r stages.
 *
 * <p>With k = nb (no checkpointing) this is every array of the forward pass: nothing is
 * recomputed. With k &lt; nb the backward pass recomputes each segment but the last from its
 * checkpoint before going back through it: memory (⌈nb/k⌉ + k)·N·D + k·N·M (2LP, tanh, r = 1)
 * instead of (nb + 1)·N·D + nb·N·M, for one extra forward pass (two of the six products of a
 * 2LP block) over nb − k steps.
 */
final class Tape {
    final int nb;
    final int k;
    final int stages;
    final int segments;
    private final INDArray[] checkpoints;
    private final INDArray[] segH;
    private final INDArray[][] segX;
    private final INDArray[][][] stored;

    /**
     * @param nb         number of steps (blocks)
     * @param k          segment length, 1 ≤ k ≤ nb
     * @param stages     r
     * @param batch      N
     * @param d          D
     * @param storedCols the column counts of the unit's stored arrays, [N, cols] each
     * @param dt         data type
     */
    Tape(int nb, int k, int stages, long batch, long d, long[] storedCols, DataType dt) {
        if (k < 1 || k > nb) {
            throw new IllegalArgumentException("segment length " + k + " must be in [1, " + nb + "]");
        }
        this.nb = nb;
        this.k = k;
        this.stages = stages;
        this.segments = (nb + k - 1) / k;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            checkpoints = alloc(segments + 1, dt, batch, d);
            segH = alloc(k - 1, dt, batch, d);
            segX = new INDArray[k][];
            stored = new INDArray[k][stages][];
            for (int s = 0; s < k; s++) {
                segX[s] = alloc(stages - 1, dt, batch, d);
                for (int i = 0; i < stages; i++) {
                    stored[s][i] = new INDArray[storedCols.length];
                    for (int a = 0; a < storedCols.length; a++) {
                        stored[s][i][a] = Nd4j.createUninitializedDetached(dt, 'c', batch, storedCols[a]);
                    }
                }
            }
        }
    }

    static INDArray[] alloc(int count, DataType dt, long rows, long cols) {
        INDArray[] out = new INDArray[count];
        for (int i = 0; i < count; i++) {
            out[i] = Nd4j.createUninitializedDetached(dt, 'c', rows, cols);
        }
        return out;
    }

    /** @return h_l, l in [0, nb] (only valid for l inside the resident segment or at a checkpoint) */
    INDArray h(int l) {
        if (l == nb) {
            return checkpoints[segments];
        }
        int r = l % k;
        return r == 0 ? checkpoints[l / k] : segH[r - 1];
    }

    /** @return the input of stage i of step l: h_l for i = 0 */
    INDArray x(int l, int i) {
        return i == 0 ? h(l) : segX[l % k][i - 1];
    }

    /** @return the unit's stored arrays of stage i of step l */
    INDArray[] stored(int l, int i) {
        return stored[l % k][i];
    }

    /** @return first step of segment j */
    int lo(int j) {
        return j * k;
    }

    /** @return one past the last step of segment j */
    int hi(int j) {
        return Math.min(nb, (j + 1) * k);
    }

    /** @return bytes of all arrays kept */
    long bytes() {
        long total = count(checkpoints) + count(segH);
        for (int s = 0; s < k; s++) {
            total += count(segX[s]);
            for (INDArray[] st : stored[s]) {
                total += count(st);
            }
        }
        return total;
    }

    static long count(INDArray[] group) {
        long total = 0;
        for (INDArray o : group) {
            total += o.length() * o.dataType().width();
        }
        return total;
    }
}
