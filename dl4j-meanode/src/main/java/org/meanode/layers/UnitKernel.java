package org.meanode.layers;

import org.meanode.units.UnitFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward and backward pass of nb consecutive generic residual blocks, row layout:
 * <pre>
 *   h_{l+1} = h_l + c · Σ_j φ(h_l, Z_{l,j})         [N, D],   c = α/(L·M)
 * </pre>
 * with φ and its exact backward pass supplied by a {@link UnitFunction}. The hidden states, the
 * unit's stored arrays of every block, its scratch arrays and the running gradient ∂J/∂h are
 * allocated once per (minibatch size, data type), outside any workspace, and reused. The
 * backward pass accumulates ∂J/∂h_l in place (the unit's {@code dOut} and {@code dH} are the
 * same array).
 *
 * <p>Not thread-safe: one kernel per layer instance, as DL4J layers are.
 */
final class UnitKernel {
    private long n = -1;
    private DataType dtype;
    private INDArray[] h;        // nb+1 hidden states [N, D]
    private INDArray[][] stored; // per block, the unit's stored arrays
    private INDArray[] scratch;  // the unit's scratch arrays
    private INDArray g;          // running gradient [N, D]
    private BlockViews views;

    private void ensure(UnitFunction unit, int nb, long batch, long d, int m, DataType dt) {
        if (batch == n && dt == dtype && h != null && h.length == nb + 1) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            h = new INDArray[nb + 1];
            for (int l = 0; l <= nb; l++) {
                h[l] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            }
            long[] sc = unit.storedColumns(d, m);
            stored = new INDArray[nb][sc.length];
            for (int l = 0; l < nb; l++) {
                for (int i = 0; i < sc.length; i++) {
                    stored[l][i] = Nd4j.createUninitializedDetached(dt, 'c', batch, sc[i]);
                }
            }
            long[] wc = unit.scratchColumns(d, m);
            scratch = new INDArray[wc.length];
            for (int i = 0; i < wc.length; i++) {
                scratch[i] = Nd4j.createUninitializedDetached(dt, 'c', batch, wc[i]);
            }
            g = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
        }
        n = batch;
        dtype = dt;
    }

    private INDArray[][] blocks(int slotBase, INDArray[] w) {
        if (views == null) {
            views = new BlockViews(2 * w.length);
        }
        INDArray[][] out = new INDArray[w.length][];
        for (int k = 0; k < w.length; k++) {
            out[k] = views.blocks(slotBase + k, w[k]);
        }
        return out;
    }

    private static INDArray[] block(INDArray[][] perKey, int l, INDArray[] into) {
        for (int k = 0; k < perKey.length; k++) {
            into[k] = perKey[k][l];
        }
        return into;
    }

    /**
     * @param unit     φ
     * @param input    [N, D]
     * @param z        the unit's parameter blocks, [nb, rows_k, M] each, c-order
     * @param c        residual multiplier
     * @param training training pass
     * @return h_nb, an internal array: copy it before the next call
     */
    INDArray forward(UnitFunction unit, INDArray input, INDArray[] z, double c, boolean training) {
        int nb = (int) z[0].size(0);
        long d = input.size(1);
        int m = (int) z[0].size(2);
        ensure(unit, nb, input.size(0), d, m, z[0].dataType());
        INDArray[][] zb = blocks(0, z);
        INDArray[] zl = new INDArray[z.length];
        h[0].assign(input);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int l = 0; l < nb; l++) {
                h[l + 1].assign(h[l]);
                unit.forward(h[l], block(zb, l, zl), c, h[l + 1], stored[l], scratch, training);
            }
        }
        return h[nb];
    }

    /**
     * Backward pass through the blocks of the last {@link #forward} call.
     *
     * @param unit    φ
     * @param epsilon ∂J/∂h_nb, [N, D]
     * @param z       as in forward
     * @param dz      gradient views, shaped as z, overwritten
     * @param c       residual multiplier
     * @return ∂J/∂h_0, an internal array: copy it before the next call
     */
    INDArray backward(UnitFunction unit, INDArray epsilon, INDArray[] z, INDArray[] dz, double c) {
        int nb = (int) z[0].size(0);
        if (h == null || epsilon.size(0) != n) {
            throw new IllegalStateException("backward called without a matching forward pass (minibatch "
                    + epsilon.size(0) + ", last forward " + n + ")");
        }
        INDArray[][] zb = blocks(0, z);
        INDArray[][] dzb = blocks(z.length, dz);
        INDArray[] zl = new INDArray[z.length];
        INDArray[] dzl = new INDArray[z.length];
        g.assign(epsilon);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int l = nb - 1; l >= 0; l--) {
                unit.backward(h[l], block(zb, l, zl), c, g, stored[l], scratch, g, block(dzb, l, dzl));
            }
        }
        return g;
    }

    /** Releases the stored forward pass. */
    void clear() {
        h = null;
        stored = null;
        scratch = null;
        g = null;
        n = -1;
    }
}
