package org.meanode.predict;

/**
 * Least squares with non-negative coefficients, min ‖A c − b‖² subject to c ≥ 0, solved exactly
 * for a few unknowns by trying every active set: the optimum is the unconstrained least-squares
 * solution on some subset of the columns (the others at zero) that is non-negative, and the best
 * feasible subset is the optimum. 2^k small solves; meant for k ≤ {@value #MAX_UNKNOWNS}.
 */
public final class NonNegativeLeastSquares {
    /** The largest number of unknowns accepted. */
    public static final int MAX_UNKNOWNS = 12;

    private NonNegativeLeastSquares() {
    }

    /**
     * @param a rows of the design matrix, n × k with n ≥ 1 and 1 ≤ k ≤ {@value #MAX_UNKNOWNS}, finite
     * @param b right-hand side, length n, finite
     * @return the non-negative c of least squared residual (zeros where a column is useless)
     */
    public static double[] solve(double[][] a, double[] b) {
        int n = a.length;
        if (n == 0 || b.length != n) {
            throw new IllegalArgumentException("NonNegativeLeastSquares needs n ≥ 1 rows and b of the same length, got "
                    + n + " rows and " + b.length + " values");
        }
        int k = a[0].length;
        if (k < 1 || k > MAX_UNKNOWNS) {
            throw new IllegalArgumentException("NonNegativeLeastSquares takes 1 … " + MAX_UNKNOWNS + " unknowns, got " + k);
        }
        for (int i = 0; i < n; i++) {
            if (a[i].length != k) {
                throw new IllegalArgumentException("row " + i + " has " + a[i].length + " columns, row 0 has " + k);
            }
            for (double v : a[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("row " + i + " holds a non-finite value " + v);
                }
            }
            if (!Double.isFinite(b[i])) {
                throw new IllegalArgumentException("b[" + i + "] = " + b[i] + " is not finite");
            }
        }
        double[] best = new double[k];
        double bestRss = rss(a, b, best);
        for (int mask = 1; mask < (1 << k); mask++) {
            double[] c = solveSubset(a, b, mask, k);
            if (c == null) {
                continue;
            }
            double r = rss(a, b, c);
            if (r < bestRss) {
                bestRss = r;
                best = c;
            }
        }
        return best;
    }

    /** Normal equations on the columns in mask; null if singular or some coefficient is negative. */
    private static double[] solveSubset(double[][] a, double[] b, int mask, int k) {
        int[] cols = new int[Integer.bitCount(mask)];
        int m = 0;
        for (int j = 0; j < k; j++) {
            if ((mask & (1 << j)) != 0) {
                cols[m++] = j;
            }
        }
        double[][] g = new double[m][m + 1];
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < m; p++) {
                double ap = a[i][cols[p]];
                for (int q = 0; q < m; q++) {
                    g[p][q] += ap * a[i][cols[q]];
                }
                g[p][m] += ap * b[i];
            }
        }
        double[] x = gauss(g, m);
        if (x == null) {
            return null;
        }
        double[] c = new double[k];
        for (int p = 0; p < m; p++) {
            if (x[p] < 0) {
                return null;
            }
            c[cols[p]] = x[p];
        }
        return c;
    }

    /** Gaussian elimination with partial pivoting on an augmented m × (m+1) matrix; null if singular. */
    private static double[] gauss(double[][] g, int m) {
        double scale = 0;
        for (double[] row : g) {
            for (int q = 0; q < m; q++) {
                scale = Math.max(scale, Math.abs(row[q]));
            }
        }
        for (int p = 0; p < m; p++) {
            int piv = p;
            for (int r = p + 1; r < m; r++) {
                if (Math.abs(g[r][p]) > Math.abs(g[piv][p])) {
                    piv = r;
                }
            }
            if (Math.abs(g[piv][p]) <= 1e-13 * scale) {
                return null;
            }
            double[] t = g[p];
            g[p] = g[piv];
            g[piv] = t;
            for (int r = p + 1; r < m; r++) {
                double f = g[r][p] / g[p][p];
                for (int q = p; q <= m; q++) {
                    g[r][q] -= f * g[p][q];
                }
            }
        }
        double[] x = new double[m];
        for (int p = m - 1; p >= 0; p--) {
            double s = g[p][m];
            for (int q = p + 1; q < m; q++) {
                s -= g[p][q] * x[q];
            }
            x[p] = s / g[p][p];
        }
        return x;
    }

    private static double rss(double[][] a, double[] b, double[] c) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double r = -b[i];
            for (int j = 0; j < c.length; j++) {
                r += a[i][j] * c[j];
            }
            s += r * r;
        }
        return s;
    }
}
