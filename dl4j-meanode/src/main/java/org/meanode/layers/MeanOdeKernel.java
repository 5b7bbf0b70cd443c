package org.meanode.layers;

import org.meanode.ode.ButcherTableau;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward pass and exact discrete adjoint of S steps of an explicit Runge–Kutta method
 * ({@link ButcherTableau}, r stages) for dh/ds = α·(1/P)Σ_p v_p σ(u_pᵀh/D), each step n and
 * stage i with its own units U_{n,i}, V_{n,i} : [D, P] ({@link StageUnits}):
 * <pre>
 *   x_{n,i} = h_n + Σ_{j&lt;i} a_ij · c · σ(x_{n,j} U_{n,j}/D) V_{n,j}ᵀ          c = α/(S·P)
 *   h_{n+1} = h_n + Σ_i   b_i  · c · σ(x_{n,i} U_{n,i}/D) V_{n,i}ᵀ
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
    private INDArray[][] pre;  // [S][r] [N, P]
    private INDArray[][] act;  // [S][r] [N, P]
    private INDArray k;        // [N, D] one stage's scaled output
    private INDArray g;        // [N, D] running ∂J/∂h
    private INDArray src;      // [N, D] gradient reaching a stage's output
    private INDArray[] gx;     // r × [N, D]: ∂J/∂x of the current step's stages
    private INDArray dA;       // [N, P]
    private INDArray tmp;      // [N, P]
    private BlockViews views;
    private StageUnits units;
    private IActivation unitsSigma;

    private void ensure(int s, int r, long batch, long d, long p, DataType dt) {
        if (batch == n && dt == dtype && s == steps && r == stages && p == width && h != null) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            h = new INDArray[s + 1];
            for (int i = 0; i <= s; i++) {
                h[i] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            }
            x = new INDArray[s][r];
            pre = new INDArray[s][r];
            act = new INDArray[s][r];
            for (int t = 0; t < s; t++) {
                x[t][0] = h[t];
                for (int i = 1; i < r; i++) {
                    x[t][i] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
                }
                for (int i = 0; i < r; i++) {
                    pre[t][i] = Nd4j.createUninitializedDetached(dt, 'c', batch, p);
                    act[t][i] = Nd4j.createUninitializedDetached(dt, 'c', batch, p);
                }
            }
            k = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            g = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            src = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            gx = new INDArray[r];
            for (int i = 0; i < r; i++) {
                gx[i] = Nd4j.createUninitializedDetached(dt, 'c', batch, d);
            }
            dA = Nd4j.createUninitializedDetached(dt, 'c', batch, p);
            tmp = Nd4j.createUninitializedDetached(dt, 'c', batch, p);
        }
        if (views == null || stages != r) {
            views = new BlockViews(4 * r);
        }
        n = batch;
        dtype = dt;
        steps = s;
        stages = r;
        width = p;
    }

    private StageUnits units(IActivation sigma) {
        if (units == null || unitsSigma != sigma) {
            units = new StageUnits(sigma);
            unitsSigma = sigma;
        }
        return units;
    }

    /**
     * @param input    h(0), [N, D]
     * @param u        r arrays [S, D, P], c-order: stage i's u's for every step
     * @param v        r arrays [S, D, P]
     * @param tab      the method
     * @param alpha    α
     * @param sigma    activation
     * @param training DL4J's training flag
     * @return h(1), an internal array: copy it before the next call
     */
    INDArray forward(INDArray input, INDArray[] u, INDArray[] v, ButcherTableau tab, double alpha, IActivation sigma,
                     boolean training) {
        int r = tab.stages();
        int s = (int) u[0].size(0);
        long d = u[0].size(1);
        long p = u[0].size(2);
        ensure(s, r, input.size(0), d, p, u[0].dataType());
        StageUnits f = units(sigma);
        INDArray[][] ub = new INDArray[r][];
        INDArray[][] vb = new INDArray[r][];
        for (int i = 0; i < r; i++) {
            ub[i] = views.blocks(i, u[i]);
            vb[i] = views.blocks(r + i, v[i]);
        }
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
                        f.forward(x[t][i], ub[i][t], vb[i][t], pre[t][i], act[t][i], alpha * tab.b(i) / ((double) s * p),
                                h[t + 1], 1.0, training);
                        continue;
                    }
                    f.forward(x[t][i], ub[i][t], vb[i][t], pre[t][i], act[t][i], c, k, 0.0, training);
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
     * @param u       r arrays [S, D, P]
     * @param v       r arrays [S, D, P]
     * @param gradU   r gradient views [S, D, P], overwritten
     * @param gradV   r gradient views [S, D, P], overwritten
     * @param tab     the method of the forward pass
     * @param alpha   α
     * @param sigma   activation
     * @return ∂J/∂h(0), an internal array: copy it before the next call
     */
    INDArray backward(INDArray epsilon, INDArray[] u, INDArray[] v, INDArray[] gradU, INDArray[] gradV,
                      ButcherTableau tab, double alpha, IActivation sigma) {
        int r = tab.stages();
        if (h == null || epsilon.size(0) != n || r != stages) {
            throw new IllegalStateException("backward called without a matching forward pass (minibatch "
                    + epsilon.size(0) + ", last forward " + n + ")");
        }
        int s = steps;
        long p = width;
        StageUnits f = units(sigma);
        INDArray[][] ub = new INDArray[r][];
        INDArray[][] vb = new INDArray[r][];
        INDArray[][] gub = new INDArray[r][];
        INDArray[][] gvb = new INDArray[r][];
        for (int i = 0; i < r; i++) {
            ub[i] = views.blocks(i, u[i]);
            vb[i] = views.blocks(r + i, v[i]);
            gub[i] = views.blocks(2 * r + i, gradU[i]);
            gvb[i] = views.blocks(3 * r + i, gradV[i]);
        }
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
                    f.backward(x[t][i], ub[i][t], vb[i][t], pre[t][i], act[t][i], in, scale, gub[i][t], gvb[i][t], dX,
                            r == 1 ? 1.0 : 0.0, dA, tmp);
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
        pre = null;
        act = null;
        k = null;
        g = null;
        src = null;
        gx = null;
        dA = null;
        tmp = null;
        n = -1;
    }
}
