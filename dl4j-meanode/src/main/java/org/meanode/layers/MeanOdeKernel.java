package org.meanode.layers;

import org.meanode.ode.ButcherTableau;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward pass and exact discrete adjoint of S steps of an explicit Runge–Kutta method
 * ({@link ButcherTableau}, r stages) for dh/ds = α·(1/P)Σ_p φ(h, Z_p), each step n and stage i
 * with its own P units Z_{n,i} (a {@link UnitFunction}; MODEL.md's 2LP unit
 * φ(h, (u, v)) = v σ(uᵀh/D) by default), writing F_{n,i}(x) = Σ_p φ(x, Z_{n,i,p}):
 * <pre>
 *   x_{n,i} = h_n + Σ_{j&lt;i} a_ij · c · F_{n,j}(x_{n,j})          c = α/(S·P)
 *   h_{n+1} = h_n + Σ_i   b_i  · c · F_{n,i}(x_{n,i})
 * </pre>
 * Backward, for g = ∂J/∂h_{n+1}, stages in reverse: the gradient reaching stage i's output is
 * b_i·g + Σ_{j&gt;i} a_ji·∂J/∂x_{n,j}; then ∂J/∂h_n = g + Σ_i ∂J/∂x_{n,i}.
 *
 * <p>A stage that feeds only h_{n+1} writes into it with one GEMM (multiplier c·b_i); with
 * r = 1 the backward pass also accumulates in place, so forward Euler performs exactly the
 * operations of {@link ResidualKernel} with c = α/(L·M). Arrays are allocated once per
 * (minibatch size, data type, shape), outside any workspace, and reused.
 *
 * <p>Not thread-safe: one kernel per layer instance.
 */
final class MeanOdeKernel {
    private long n = -1;
    private DataType dtype;
    private int steps = -1;
    private int stages = -1;
    private long width = -1;
    private INDArray[] h;      // S+1 states [N, D]
    private INDArray[][] x;    // [S][r] stage inputs [N, D]; x[n][0] is h[n]
    private INDArray[][][] stored; // [S][r] the unit's stored arrays (2LP: pre-activations, activations)
    private INDArray[] scratch;    // the unit's scratch arrays
    private INDArray k;        // [N, D] one stage's scaled output
    private INDArray g;        // [N, D] running ∂J/∂h
    private INDArray src;      // [N, D] gradient reaching a stage's output
    private INDArray[] gx;     // r × [N, D]: ∂J/∂x of the current step's stages
    private BlockViews views;
    private UnitFunction unitOfArrays;

    private void ensure(UnitFunction unit, int s, int r, int kk, long batch, long d, long p, DataType dt) {
        if (batch == n && dt == dtype && s == steps && r == stages && p == width && h != null && unit.equals(unitOfArrays)) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            h = new INDArray[s + 1];
            for (int i = 0; i <= s; i++) {
                h[i] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            }
            x = new INDArray[s][r];
            long[] sc = unit.storedColumns(d, (int) p);
            stored = new INDArray[s][r][sc.length];
            for (int t = 0; t < s; t++) {
                x[t][0] = h[t];
                for (int i = 1; i < r; i++) {
                    x[t][i] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
                }
                for (int i = 0; i < r; i++) {
                    for (int a = 0; a < sc.length; a++) {
                        stored[t][i][a] = Nd4j.createUninitializedDetached(dt, 'c', batch, sc[a]);
                    }
                }
            }
            long[] wc = unit.scratchColumns(d, (int) p);
            scratch = new INDArray[wc.length];
            for (int a = 0; a < wc.length; a++) {
                scratch[a] = Nd4j.createUninitializedDetached(dt, 'c', batch, wc[a]);
            }
            k = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            g = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            src = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            gx = new INDArray[r];
            for (int i = 0; i < r; i++) {
                gx[i] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            }
        }
        if (views == null || stages != r || !unit.equals(unitOfArrays)) {
            views = new BlockViews(2 * kk * r);
        }
        unitOfArrays = unit;
        n = batch;
        dtype = dt;
        steps = s;
        stages = r;
        width = p;
    }

    /** @return per stage i and block k, the S views [rows_k, P] of z[i][k] : [S, rows_k, P] */
    private INDArray[][][] blocks(int slotBase, INDArray[][] z) {
        int r = z.length;
        int kk = z[0].length;
        INDArray[][][] out = new INDArray[r][kk][];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < kk; k++) {
                out[i][k] = views.blocks(slotBase + i * kk + k, z[i][k]);
            }
        }
        return out;
    }

    private static INDArray[] at(INDArray[][] perBlock, int t) {
        INDArray[] out = new INDArray[perBlock.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = perBlock[k][t];
        }
        return out;
    }

    /**
     * @param input    h(0), [N, D]
     * @param unit     φ
     * @param z        per stage i, the unit's blocks [S, rows_k, P], c-order: stage i's units for every step
     * @param tab      the method
     * @param alpha    α
     * @param training DL4J's training flag
     * @return h(1), an internal array: copy it before the next call
     */
    INDArray forward(INDArray input, UnitFunction unit, INDArray[][] z, ButcherTableau tab, double alpha,
                     boolean training) {
        int r = tab.stages();
        int s = (int) z[0][0].size(0);
        long d = input.size(1);
        long p = z[0][0].size(2);
        ensure(unit, s, r, z[0].length, input.size(0), d, p, z[0][0].dataType());
        INDArray[][][] zb = blocks(0, z);
        double c = alpha / ((double) s * p);
        h[0].assign(input);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int t = 0; t < s; t++) {
                h[t + 1].assign(h[t]);
                for (int i = 1; i < r; i++) {
                    x[t][i].assign(h[t]);
                }
                for (int i = 0; i < r; i++) {
                    if (tab.feedsOnlyOutput(i)) {
                        unit.forward(x[t][i], at(zb[i], t), alpha * tab.b(i) / ((double) s * p), h[t + 1], stored[t][i],
                                scratch, training);
                        continue;
                    }
                    k.assign(0.0);
                    unit.forward(x[t][i], at(zb[i], t), c, k, stored[t][i], scratch, training);
                    axpy(tab.b(i), k, h[t + 1]);
                    for (int j = i + 1; j < r; j++) {
                        if (tab.a(j, i) != 0.0) {
                            axpy(tab.a(j, i), k, x[t][j]);
                        }
                    }
                }
            }
        }
        return h[s];
    }

    /**
     * Discrete adjoint of the last {@link #forward} call.
     *
     * @param epsilon ∂J/∂h(1), [N, D]
     * @param unit    φ, as in forward
     * @param z       as in forward
     * @param dz      gradient views shaped as z, overwritten
     * @param tab     the method of the forward pass
     * @param alpha   α
     * @return ∂J/∂h(0), an internal array: copy it before the next call
     */
    INDArray backward(INDArray epsilon, UnitFunction unit, INDArray[][] z, INDArray[][] dz, ButcherTableau tab,
                      double alpha) {
        int r = tab.stages();
        if (h == null || epsilon.size(0) != n || r != stages) {
            throw new IllegalStateException("backward called without a matching forward pass (minibatch "
                    + epsilon.size(0) + ", last forward " + n + ")");
        }
        int s = steps;
        long p = width;
        int kk = z[0].length;
        INDArray[][][] zb = blocks(0, z);
        INDArray[][][] dzb = blocks(r * kk, dz);
        double c = alpha / ((double) s * p);
        g.assign(epsilon);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int t = s - 1; t >= 0; t--) {
                for (int i = r - 1; i >= 0; i--) {
                    INDArray in;
                    double scale;
                    if (tab.feedsOnlyOutput(i)) {
                        in = g;
                        scale = alpha * tab.b(i) / ((double) s * p);
                    } else {
                        in = src;
                        scale = c;
                        src.assign(g).muli(tab.b(i));
                        for (int j = i + 1; j < r; j++) {
                            if (tab.a(j, i) != 0.0) {
                                axpy(tab.a(j, i), gx[j], src);
                            }
                        }
                    }
                    // One stage: ∂J/∂h_n accumulates in place, as in ResidualKernel.
                    INDArray dX = r == 1 ? g : gx[i];
                    if (r > 1) {
                        dX.assign(0.0);
                    }
                    unit.backward(x[t][i], at(zb[i], t), scale, in, stored[t][i], scratch, dX, at(dzb[i], t));
                }
                if (r > 1) {
                    for (int i = 0; i < r; i++) {
                        g.addi(gx[i]);
                    }
                }
            }
        }
        return g;
    }

    private static void axpy(double a, INDArray xs, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(xs.length(), a, xs, y);
    }

    /** Releases the stored forward pass. */
    void clear() {
        h = null;
        x = null;
        stored = null;
        scratch = null;
        k = null;
        g = null;
        src = null;
        gx = null;
        n = -1;
    }
}
