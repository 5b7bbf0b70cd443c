package org.meanode.testutil;

import java.util.Random;

/**
 * Independent plain-Java implementation of MODEL.md's generic blocks (loops over double arrays,
 * one example and one unit at a time, no ND4J):
 * <pre>
 *   h_0 = W_E x,   h_{l+1} = h_l + (α/(L·M)) Σ_j φ(h_l, Z_{l,j}),   y = W_Uᵀ h_L / D
 * </pre>
 * with DL4J's MSE loss J, and the reference full-batch gradient step, per unit:
 * <pre>
 *   B_L = W_U (y − Y)/(N·d_out);   B_l = B_{l+1} + (α/(L·M)) Σ_j (∂φ/∂h)ᵀ B_{l+1}
 *   z_k ← z_k − (η/α) · f_k · Σ_n (∂φ(h_n, Z)/∂z_k)ᵀ B_{n,l+1}
 * </pre>
 * where f_k is the per-block step factor the unit documents (1 for vectors, 1/D for a bias).
 * The units' values and vector-Jacobian products are written out by hand below.
 */
public final class ReferenceGenericResNet {

    /** A unit function in plain Java: φ, its vector-Jacobian products, its block sizes. */
    public interface Unit {
        /** @return rows of each parameter block for embedding width d */
        int[] rows(int d);

        /** @return the init std of each block */
        double[] initStd(int d);

        /** @return the step factor f_k of each block */
        double[] stepFactor(int d);

        /** @return φ(h, z), [D] */
        double[] value(double[] h, double[][] z);

        /** Writes dh = (∂φ/∂h)ᵀ b and dz[k] = (∂φ/∂z_k)ᵀ b. */
        void vjp(double[] h, double[][] z, double[] b, double[] dh, double[][] dz);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double dtanh(double p) {
        double t = Math.tanh(p);
        return 1 - t * t;
    }

    private static double sig(double q) {
        return 1 / (1 + Math.exp(-q));
    }

    /** φ(h, (u, v)) = v tanh(uᵀh/D). */
    public static final Unit TWO_LAYER = new Unit() {
        public int[] rows(int d) {
            return new int[] {d, d};
        }

        public double[] initStd(int d) {
            return new double[] {Math.sqrt(d), Math.sqrt(d)};
        }

        public double[] stepFactor(int d) {
            return new double[] {1, 1};
        }

        public double[] value(double[] h, double[][] z) {
            double a = Math.tanh(dot(z[0], h) / h.length);
            double[] out = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                out[i] = z[1][i] * a;
            }
            return out;
        }

        public void vjp(double[] h, double[][] z, double[] b, double[] dh, double[][] dz) {
            int d = h.length;
            double p = dot(z[0], h) / d;
            double r = dot(z[1], b);
            for (int i = 0; i < d; i++) {
                dh[i] = z[0][i] * dtanh(p) * r / d;
                dz[0][i] = h[i] * dtanh(p) * r / d;
                dz[1][i] = b[i] * Math.tanh(p);
            }
        }
    };

    /** φ(h, (u, b, v)) = v tanh(uᵀh/D + b); b has init std 1 and step factor 1/D. */
    public static final Unit TWO_LAYER_BIAS = new Unit() {
        public int[] rows(int d) {
            return new int[] {d, 1, d};
        }

        public double[] initStd(int d) {
            return new double[] {Math.sqrt(d), 1, Math.sqrt(d)};
        }

        public double[] stepFactor(int d) {
            return new double[] {1, 1.0 / d, 1};
        }

        public double[] value(double[] h, double[][] z) {
            double a = Math.tanh(dot(z[0], h) / h.length + z[1][0]);
            double[] out = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                out[i] = z[2][i] * a;
            }
            return out;
        }

        public void vjp(double[] h, double[][] z, double[] b, double[] dh, double[][] dz) {
            int d = h.length;
            double p = dot(z[0], h) / d + z[1][0];
            double r = dot(z[2], b);
            for (int i = 0; i < d; i++) {
                dh[i] = z[0][i] * dtanh(p) * r / d;
                dz[0][i] = h[i] * dtanh(p) * r / d;
                dz[2][i] = b[i] * Math.tanh(p);
            }
            dz[1][0] = dtanh(p) * r;
        }
    };

    /** φ(h, (u, g, v)) = v tanh(uᵀh/D) sigmoid(gᵀh/D). */
    public static final Unit GATED = new Unit() {
        public int[] rows(int d) {
            return new int[] {d, d, d};
        }

        public double[] initStd(int d) {
            return new double[] {Math.sqrt(d), Math.sqrt(d), Math.sqrt(d)};
        }

        public double[] stepFactor(int d) {
            return new double[] {1, 1, 1};
        }

        public double[] value(double[] h, double[][] z) {
            int d = h.length;
            double f = Math.tanh(dot(z[0], h) / d) * sig(dot(z[1], h) / d);
            double[] out = new double[d];
            for (int i = 0; i < d; i++) {
                out[i] = z[2][i] * f;
            }
            return out;
        }

        public void vjp(double[] h, double[][] z, double[] b, double[] dh, double[][] dz) {
            int d = h.length;
            double p = dot(z[0], h) / d;
            double q = dot(z[1], h) / d;
            double s = sig(q);
            double ds = s * (1 - s);
            double r = dot(z[2], b);
            for (int i = 0; i < d; i++) {
                dh[i] = (z[0][i] * dtanh(p) * s + z[1][i] * Math.tanh(p) * ds) * r / d;
                dz[0][i] = h[i] * dtanh(p) * s * r / d;
                dz[1][i] = h[i] * Math.tanh(p) * ds * r / d;
                dz[2][i] = b[i] * Math.tanh(p) * s;
            }
        }
    };

    public final int dIn;
    public final int dOut;
    public final int d;
    public final int depth;
    public final int width;
    public final double alpha;
    public final Unit unit;
    /** W_E [D][d_in]. */
    public final double[][] wE;
    /** Units z[l][j][k][r]: block l, unit j, parameter block k, entry r. */
    public final double[][][][] z;
    /** W_U [D][d_out]. */
    public final double[][] wU;

    private double[][][] h; // [L+1][N][D]

    /** Draws weights with MODEL.md's scales and the unit's init stds from a java.util.Random. */
    public ReferenceGenericResNet(int dIn, int dOut, int d, int depth, int width, double alpha, Unit unit, long seed) {
        this.dIn = dIn;
        this.dOut = dOut;
        this.d = d;
        this.depth = depth;
        this.width = width;
        this.alpha = alpha;
        this.unit = unit;
        Random r = new Random(seed);
        wE = ReferenceResNet.gauss(r, d, dIn, 1.0 / Math.sqrt(dIn));
        int[] rows = unit.rows(d);
        double[] std = unit.initStd(d);
        z = new double[depth][width][rows.length][];
        for (int l = 0; l < depth; l++) {
            for (int j = 0; j < width; j++) {
                for (int k = 0; k < rows.length; k++) {
                    z[l][j][k] = new double[rows[k]];
                    for (int i = 0; i < rows[k]; i++) {
                        z[l][j][k][i] = std[k] * r.nextGaussian();
                    }
                }
            }
        }
        wU = ReferenceResNet.gauss(r, d, dOut, Math.sqrt(dOut));
    }

    private double c() {
        return alpha / ((double) depth * width);
    }

    /**
     * @param x inputs [N][d_in]
     * @return outputs y [N][d_out]
     */
    public double[][] forward(double[][] x) {
        int n = x.length;
        h = new double[depth + 1][n][d];
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < d; i++) {
                h[0][e][i] = dot(wE[i], x[e]);
            }
        }
        for (int l = 0; l < depth; l++) {
            for (int e = 0; e < n; e++) {
                double[] next = h[l][e].clone();
                for (int j = 0; j < width; j++) {
                    double[] phi = unit.value(h[l][e], z[l][j]);
                    for (int i = 0; i < d; i++) {
                        next[i] += c() * phi[i];
                    }
                }
                h[l + 1][e] = next;
            }
        }
        double[][] y = new double[n][dOut];
        for (int e = 0; e < n; e++) {
            for (int k = 0; k < dOut; k++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += wU[i][k] * h[depth][e][i];
                }
                y[e][k] = s / d;
            }
        }
        return y;
    }

    /**
     * One reference full-batch GD step (embedding and readout frozen).
     *
     * @return the loss J before the step
     */
    public double step(double[][] x, double[][] target, double eta) {
        int n = x.length;
        double[][] y = forward(x);
        double loss = 0;
        double[][] b = new double[n][d];
        for (int e = 0; e < n; e++) {
            for (int k = 0; k < dOut; k++) {
                double r = y[e][k] - target[e][k];
                loss += r * r;
            }
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int k = 0; k < dOut; k++) {
                    s += wU[i][k] * (y[e][k] - target[e][k]);
                }
                b[e][i] = s / (n * (double) dOut);
            }
        }
        loss /= n * (double) dOut;
        int[] rows = unit.rows(d);
        double[] f = unit.stepFactor(d);
        double[][][][] grad = new double[depth][width][rows.length][];
        double[] dh = new double[d];
        double[][] dz = new double[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            dz[k] = new double[rows[k]];
        }
        for (int l = depth - 1; l >= 0; l--) {
            double[][] next = new double[n][];
            for (int e = 0; e < n; e++) {
                next[e] = b[e].clone();
            }
            for (int j = 0; j < width; j++) {
                for (int k = 0; k < rows.length; k++) {
                    grad[l][j][k] = new double[rows[k]];
                }
                for (int e = 0; e < n; e++) {
                    unit.vjp(h[l][e], z[l][j], b[e], dh, dz);
                    for (int i = 0; i < d; i++) {
                        next[e][i] += c() * dh[i];
                    }
                    for (int k = 0; k < rows.length; k++) {
                        for (int i = 0; i < rows[k]; i++) {
                            grad[l][j][k][i] += dz[k][i];
                        }
                    }
                }
            }
            b = next;
        }
        for (int l = 0; l < depth; l++) {
            for (int j = 0; j < width; j++) {
                for (int k = 0; k < rows.length; k++) {
                    for (int i = 0; i < rows[k]; i++) {
                        z[l][j][k][i] -= eta / alpha * f[k] * grad[l][j][k][i];
                    }
                }
            }
        }
        return loss;
    }

    /**
     * @param k parameter block
     * @return block k of every unit in the layout of a generic stack, [L][rows_k][M]
     */
    public double[][][] block(int k) {
        int rows = unit.rows(d)[k];
        double[][][] out = new double[depth][rows][width];
        for (int l = 0; l < depth; l++) {
            for (int j = 0; j < width; j++) {
                for (int i = 0; i < rows; i++) {
                    out[l][i][j] = z[l][j][k][i];
                }
            }
        }
        return out;
    }
}
