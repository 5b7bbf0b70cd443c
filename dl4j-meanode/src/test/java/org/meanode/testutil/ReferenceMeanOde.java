package org.meanode.testutil;

import java.util.Random;
import org.meanode.testutil.ReferenceResNet.Act;

/**
 * Independent plain-Java implementation of MODEL.md's Neural Mean ODE limit and its training
 * dynamics, discretised by an explicit Runge–Kutta method (loops over double arrays, column-vector
 * conventions of the paper, no ND4J, and its own copy of the Butcher tableaus). Golden values for
 * the MeanOdeLayer's tests come from here.
 *
 * <p>Forward, for each example, S steps of the method with the units of step n, stage i:
 * <pre>
 *   F_{n,i}(x) = α · (1/P) Σ_p v_p σ(u_pᵀx/D)
 *   x_i = h_n + (1/S) Σ_{j&lt;i} a_ij k_j ,   k_i = F_{n,i}(x_i) ,   h_{n+1} = h_n + (1/S) Σ_i b_i k_i
 * </pre>
 * Backward: MODEL.md's dB/ds = −α E[u σ'(uᵀh/D) vᵀB/D], B(1) = W_U (y − Y)/(N·d_out), by the
 * adjoint Runge–Kutta scheme, with Φ_{n,i}(Λ) = α (1/P) Σ_p u_p σ'(u_pᵀx_i/D) (v_pᵀΛ/D):
 * <pre>
 *   Λ_i = B_{n+1} + (1/S) Σ_{j&gt;i} (a_ji b_j / b_i) Φ_{n,j}(Λ_j)        (stages in reverse)
 *   B_n = B_{n+1} + (1/S) Σ_i b_i Φ_{n,i}(Λ_i)
 * </pre>
 * Update of every unit of step n, stage i, by MODEL.md's per-unit formula with the stage's h = x_i
 * and B = Λ_i: u ← u − (η/α) Σ_e x_e σ'(uᵀx_e/D)(vᵀΛ_e/D), v ← v − (η/α) Σ_e Λ_e σ(uᵀx_e/D).
 */
public final class ReferenceMeanOde {
    /** The methods, as in the literature (Butcher tableaus: a, b). */
    public enum Method {
        EULER(new double[][] {{}}, new double[] {1}),
        HEUN(new double[][] {{}, {1}}, new double[] {0.5, 0.5}),
        RK3(new double[][] {{}, {0.5}, {-1, 2}}, new double[] {1.0 / 6, 2.0 / 3, 1.0 / 6}),
        RK4(new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}}, new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6});

        final double[][] a;
        final double[] b;

        Method(double[][] a, double[] b) {
            this.a = a;
            this.b = b;
        }

        double a(int i, int j) {
            return j < a[i].length ? a[i][j] : 0.0;
        }

        /** @return the number of stages */
        public int stages() {
            return b.length;
        }
    }

    public final int dIn;
    public final int dOut;
    public final int d;
    public final int steps;
    public final int nodes;
    public final double alpha;
    public final Method method;
    public final Act act;
    /** W_E [D][d_in]. */
    public final double[][] wE;
    /** u [S][r][D][P]. */
    public final double[][][][] u;
    /** v [S][r][D][P]. */
    public final double[][][][] v;
    /** W_U [D][d_out]. */
    public final double[][] wU;

    // forward cache: x [S][r][N][D]
    private double[][][][] x;

    /**
     * Draws W_E, W_U and the units from a java.util.Random: one set of P i.i.d. nodes copied to
     * every step and stage ({@code shared}) or independent nodes everywhere.
     */
    public ReferenceMeanOde(int dIn, int dOut, int d, int steps, int nodes, double alpha, double sigmaU, double sigmaV,
                            Method method, Act act, boolean shared, long seed) {
        this.dIn = dIn;
        this.dOut = dOut;
        this.d = d;
        this.steps = steps;
        this.nodes = nodes;
        this.alpha = alpha;
        this.method = method;
        this.act = act;
        Random r = new Random(seed);
        wE = ReferenceResNet.gauss(r, d, dIn, 1.0 / Math.sqrt(dIn));
        wU = ReferenceResNet.gauss(r, d, dOut, Math.sqrt(dOut));
        int st = method.stages();
        u = new double[steps][st][][];
        v = new double[steps][st][][];
        double[][] u0 = ReferenceResNet.gauss(r, d, nodes, sigmaU);
        double[][] v0 = ReferenceResNet.gauss(r, d, nodes, sigmaV);
        for (int n = 0; n < steps; n++) {
            for (int i = 0; i < st; i++) {
                u[n][i] = shared ? copy(u0) : ReferenceResNet.gauss(r, d, nodes, sigmaU);
                v[n][i] = shared ? copy(v0) : ReferenceResNet.gauss(r, d, nodes, sigmaV);
            }
        }
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    /** F_{n,i}(xe) for one example. */
    private double[] field(int n, int i, double[] xe) {
        double[][] un = u[n][i];
        double[][] vn = v[n][i];
        double[] out = new double[d];
        for (int p = 0; p < nodes; p++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += un[k][p] * xe[k];
            }
            double a = act.f(s / d);
            for (int k = 0; k < d; k++) {
                out[k] += vn[k][p] * a;
            }
        }
        for (int k = 0; k < d; k++) {
            out[k] *= alpha / nodes;
        }
        return out;
    }

    /** Φ_{n,i}(Λ) at stage input xe, for one example. */
    private double[] adjointField(int n, int i, double[] xe, double[] lambda) {
        double[][] un = u[n][i];
        double[][] vn = v[n][i];
        double[] out = new double[d];
        for (int p = 0; p < nodes; p++) {
            double s = 0;
            double q = 0;
            for (int k = 0; k < d; k++) {
                s += un[k][p] * xe[k];
                q += vn[k][p] * lambda[k];
            }
            double w = act.df(s / d) * q / d;
            for (int k = 0; k < d; k++) {
                out[k] += un[k][p] * w;
            }
        }
        for (int k = 0; k < d; k++) {
            out[k] *= alpha / nodes;
        }
        return out;
    }

    /**
     * @param xs inputs [N][d_in]
     * @return h(1) for every example, [N][D]
     */
    public double[][] hidden(double[][] xs) {
        int ne = xs.length;
        int st = method.stages();
        x = new double[steps][st][ne][];
        double[][] hOut = new double[ne][];
        for (int e = 0; e < ne; e++) {
            double[] h = new double[d];
            for (int k = 0; k < d; k++) {
                for (int j = 0; j < dIn; j++) {
                    h[k] += wE[k][j] * xs[e][j];
                }
            }
            for (int n = 0; n < steps; n++) {
                double[][] ks = new double[st][];
                double[] next = h.clone();
                for (int i = 0; i < st; i++) {
                    double[] xi = h.clone();
                    for (int j = 0; j < i; j++) {
                        for (int k = 0; k < d; k++) {
                            xi[k] += method.a(i, j) * ks[j][k] / steps;
                        }
                    }
                    x[n][i][e] = xi;
                    ks[i] = field(n, i, xi);
                    for (int k = 0; k < d; k++) {
                        next[k] += method.b[i] * ks[i][k] / steps;
                    }
                }
                h = next;
            }
            hOut[e] = h;
        }
        return hOut;
    }

    /**
     * @param xs inputs [N][d_in]
     * @return the states h_0 = W_E x, h_1, …, h_S at the solver's grid points s = n/S, [S+1][N][D]
     */
    public double[][][] gridStates(double[][] xs) {
        double[][] last = hidden(xs);
        double[][][] out = new double[steps + 1][xs.length][];
        for (int e = 0; e < xs.length; e++) {
            for (int n = 0; n < steps; n++) {
                out[n][e] = x[n][0][e].clone();
            }
            out[steps][e] = last[e].clone();
        }
        return out;
    }

    /**
     * @param xs inputs [N][d_in]
     * @return outputs y = W_Uᵀ h(1)/D, [N][d_out]
     */
    public double[][] forward(double[][] xs) {
        double[][] h = hidden(xs);
        double[][] y = new double[xs.length][dOut];
        for (int e = 0; e < xs.length; e++) {
            for (int o = 0; o < dOut; o++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += wU[k][o] * h[e][k];
                }
                y[e][o] = s / d;
            }
        }
        return y;
    }

    /**
     * One full-batch step of the limit training dynamics (embedding and readout frozen).
     *
     * @return the loss J = (1/(N·d_out)) Σ ‖y − Y‖² before the step
     */
    public double step(double[][] xs, double[][] target, double eta) {
        int ne = xs.length;
        int st = method.stages();
        double[][] y = forward(xs);
        double loss = 0;
        double[][] b = new double[ne][d];
        for (int e = 0; e < ne; e++) {
            for (int o = 0; o < dOut; o++) {
                double r = y[e][o] - target[e][o];
                loss += r * r;
                for (int k = 0; k < d; k++) {
                    b[e][k] += wU[k][o] * r / (ne * (double) dOut);
                }
            }
        }
        loss /= ne * (double) dOut;
        double[][][][] lambda = new double[steps][st][ne][];
        for (int e = 0; e < ne; e++) {
            double[] bn = b[e];
            for (int n = steps - 1; n >= 0; n--) {
                double[][] phi = new double[st][];
                for (int i = st - 1; i >= 0; i--) {
                    double[] li = bn.clone();
                    for (int j = i + 1; j < st; j++) {
                        double w = method.a(j, i) * method.b[j] / method.b[i] / steps;
                        for (int k = 0; k < d; k++) {
                            li[k] += w * phi[j][k];
                        }
                    }
                    lambda[n][i][e] = li;
                    phi[i] = adjointField(n, i, x[n][i][e], li);
                }
                double[] prev = bn.clone();
                for (int i = 0; i < st; i++) {
                    for (int k = 0; k < d; k++) {
                        prev[k] += method.b[i] * phi[i][k] / steps;
                    }
                }
                bn = prev;
            }
        }
        double rate = eta / alpha;
        for (int n = 0; n < steps; n++) {
            for (int i = 0; i < st; i++) {
                double[][] un = u[n][i];
                double[][] vn = v[n][i];
                double[][] du = new double[d][nodes];
                double[][] dv = new double[d][nodes];
                for (int p = 0; p < nodes; p++) {
                    for (int e = 0; e < ne; e++) {
                        double[] xe = x[n][i][e];
                        double[] le = lambda[n][i][e];
                        double s = 0;
                        double q = 0;
                        for (int k = 0; k < d; k++) {
                            s += un[k][p] * xe[k];
                            q += vn[k][p] * le[k];
                        }
                        double ds = act.df(s / d) * q / d;
                        double a = act.f(s / d);
                        for (int k = 0; k < d; k++) {
                            du[k][p] += xe[k] * ds;
                            dv[k][p] += le[k] * a;
                        }
                    }
                }
                for (int k = 0; k < d; k++) {
                    for (int p = 0; p < nodes; p++) {
                        un[k][p] -= rate * du[k][p];
                        vn[k][p] -= rate * dv[k][p];
                    }
                }
            }
        }
        return loss;
    }

    /**
     * @param stage a stage i
     * @return its u's as [D][P][S], the layout of MeanOdeLayerRuntime.getU
     */
    public double[][][] uDps(int stage) {
        return toDps(u, stage);
    }

    /**
     * @param stage a stage i
     * @return its v's as [D][P][S]
     */
    public double[][][] vDps(int stage) {
        return toDps(v, stage);
    }

    private double[][][] toDps(double[][][][] w, int stage) {
        double[][][] out = new double[d][nodes][steps];
        for (int n = 0; n < steps; n++) {
            for (int k = 0; k < d; k++) {
                for (int p = 0; p < nodes; p++) {
                    out[k][p][n] = w[n][stage][k][p];
                }
            }
        }
        return out;
    }
}
