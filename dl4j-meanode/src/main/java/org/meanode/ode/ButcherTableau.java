package org.meanode.ode;

import java.util.Arrays;

/**
 * An explicit Runge–Kutta method as data: for dh/ds = F(h) and step 1/S,
 * <pre>
 *   x_i     = h_n + (1/S) Σ_{j&lt;i} a_ij k_j ,      k_i = F(x_i)          i = 0 … r−1
 *   h_{n+1} = h_n + (1/S) Σ_i b_i k_i
 * </pre>
 * Stage i sits at depth-time s_n + c_i/S with c_i = Σ_j a_ij.
 *
 * <p>Requirements (checked): {@code a} strictly lower triangular (explicit method), every
 * weight b_i &gt; 0, Σ b_i = 1 (consistency). Positive weights are needed by the limit layer:
 * each stage holds its own units, whose contribution to h_{n+1} carries the factor b_i/S, and
 * the per-unit learning-rate rule divides by it (a stage with b_i = 0, such as the first stage
 * of the explicit midpoint method, has no units of its own to train).
 *
 * <p>Immutable; accessors return copies.
 */
public final class ButcherTableau {
    private final double[][] a;
    private final double[] b;
    private final int order;

    /**
     * @param a     r×r matrix a_ij (rows of any length ≤ r are padded with zeros; entries on or
     *              above the diagonal must be 0)
     * @param b     r weights b_i, each &gt; 0, summing to 1
     * @param order the method's classical order of accuracy (documentation and tests)
     * @throws IllegalArgumentException naming the entry that violates a requirement
     */
    public ButcherTableau(double[][] a, double[] b, int order) {
        int r = b.length;
        if (r == 0 || a.length != r) {
            throw new IllegalArgumentException("ButcherTableau: a has " + a.length + " rows and b " + r
                    + " weights; give one row of a and one weight per stage (at least one stage)");
        }
        this.a = new double[r][r];
        for (int i = 0; i < r; i++) {
            if (a[i].length > r) {
                throw new IllegalArgumentException("ButcherTableau: row " + i + " of a has " + a[i].length
                        + " entries, more than the " + r + " stages");
            }
            for (int j = 0; j < a[i].length; j++) {
                if (!Double.isFinite(a[i][j]) || j >= i && a[i][j] != 0.0) {
                    throw new IllegalArgumentException("ButcherTableau: a[" + i + "][" + j + "] = " + a[i][j]
                            + " is invalid: an explicit method needs finite a_ij with a_ij = 0 for j ≥ i");
                }
                this.a[i][j] = a[i][j];
            }
        }
        double sum = 0;
        for (int i = 0; i < r; i++) {
            if (!(b[i] > 0) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("ButcherTableau: b[" + i + "] = " + b[i] + " is invalid: every"
                        + " stage weight must be finite and > 0 (each stage holds trainable units weighted by b_i)");
            }
            sum += b[i];
        }
        if (Math.abs(sum - 1.0) > 1e-12) {
            throw new IllegalArgumentException("ButcherTableau: the weights sum to " + sum + ", not 1; an"
                    + " inconsistent method does not converge to the ODE's solution");
        }
        if (order < 1) {
            throw new IllegalArgumentException("ButcherTableau: order = " + order + " is invalid: it must be ≥ 1");
        }
        this.b = b.clone();
        this.order = order;
    }

    /** @return r, the number of stages (F evaluations per step) */
    public int stages() {
        return b.length;
    }

    /**
     * @param i stage, 0 … r−1
     * @param j earlier stage, 0 … r−1
     * @return a_ij (0 for j ≥ i)
     */
    public double a(int i, int j) {
        return a[i][j];
    }

    /**
     * @param i stage
     * @return the weight b_i of stage i in h_{n+1}
     */
    public double b(int i) {
        return b[i];
    }

    /**
     * @param i stage
     * @return c_i = Σ_j a_ij, the stage's depth-time within the step, in units of 1/S
     */
    public double c(int i) {
        double s = 0;
        for (double x : a[i]) {
            s += x;
        }
        return s;
    }

    /** @return the classical order of accuracy */
    public int order() {
        return order;
    }

    /**
     * @param i stage
     * @return true if stage i's k_i enters only h_{n+1} (a_ji = 0 for every later stage j)
     */
    public boolean feedsOnlyOutput(int i) {
        for (int j = i + 1; j < stages(); j++) {
            if (a[j][i] != 0.0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ButcherTableau t && order == t.order && Arrays.deepEquals(a, t.a) && Arrays.equals(b, t.b);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(a) + Arrays.hashCode(b) + order;
    }

    @Override
    public String toString() {
        return "ButcherTableau(a=" + Arrays.deepToString(a) + ", b=" + Arrays.toString(b) + ", order=" + order + ")";
    }
}
