package org.meanode.testutil;

import java.util.Random;

/**
 * Independent plain-Java implementation of MODEL.md (loops over double arrays, column-vector
 * conventions of the paper, no ND4J): forward pass, DL4J's MSE loss J, and the reference
 * full-batch gradient step. Golden values for the layers' tests come from here.
 */
public final class ReferenceResNet {
    /** σ of the blocks. */
    public enum Act {
        TANH, IDENTITY;

        double f(double p) {
            return this == TANH ? Math.tanh(p) : p;
        }

        double df(double p) {
            if (this == IDENTITY) {
                return 1.0;
            }
            double t = Math.tanh(p);
            return 1.0 - t * t;
        }
    }

    public final int dIn;
    public final int dOut;
    public final int d;
    public final int depth;
    public final int width;
    public final double alpha;
    public final Act act;
    /** W_E [D][d_in]. */
    public final double[][] wE;
    /** U [L][D][M]. */
    public final double[][][] u;
    /** V [L][D][M]. */
    public final double[][][] v;
    /** W_U [D][d_out]. */
    public final double[][] wU;

    // forward cache, per example
    private double[][][] h; // [L+1][N][D]
    private double[][][] p; // [L][N][M]

    /**
     * Draws weights with MODEL.md's init scales from a java.util.Random.
     */
    public ReferenceResNet(int dIn, int dOut, int d, int depth, int width, double alpha, double sigmaU, double sigmaV,
                           Act act, long seed) {
        this.dIn = dIn;
        this.dOut = dOut;
        this.d = d;
        this.depth = depth;
        this.width = width;
        this.alpha = alpha;
        this.act = act;
        Random r = new Random(seed);
        wE = gauss(r, d, dIn, 1.0 / Math.sqrt(dIn));
        u = new double[depth][][];
        v = new double[depth][][];
        for (int l = 0; l < depth; l++) {
            u[l] = gauss(r, d, width, sigmaU);
            v[l] = gauss(r, d, width, sigmaV);
        }
        wU = gauss(r, d, dOut, Math.sqrt(dOut));
    }

    /** @return a [rows][cols] matrix of N(0, std²) draws */
    public static double[][] gauss(Random r, int rows, int cols, double std) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = std * r.nextGaussian();
            }
        }
        return m;
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
        p = new double[depth][n][width];
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int k = 0; k < dIn; k++) {
                    s += wE[i][k] * x[e][k];
                }
                h[0][e][i] = s;
            }
        }
        double c = c();
        for (int l = 0; l < depth; l++) {
            for (int e = 0; e < n; e++) {
                for (int j = 0; j < width; j++) {
                    double s = 0;
                    for (int i = 0; i < d; i++) {
                        s += u[l][i][j] * h[l][e][i];
                    }
                    p[l][e][j] = s / d;
                }
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    for (int j = 0; j < width; j++) {
                        s += v[l][i][j] * act.f(p[l][e][j]);
                    }
                    h[l + 1][e][i] = h[l][e][i] + c * s;
                }
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

    /** @return J = (1/(N·d_out)) Σ ‖y_n − Y_n‖² */
    public double loss(double[][] x, double[][] target) {
        double[][] y = forward(x);
        double s = 0;
        for (int e = 0; e < y.length; e++) {
            for (int k = 0; k < dOut; k++) {
                double r = y[e][k] - target[e][k];
                s += r * r;
            }
        }
        return s / (y.length * (double) dOut);
    }

    /**
     * One reference full-batch GD step of MODEL.md (embedding and readout frozen).
     *
     * @return the loss before the step
     */
    public double step(double[][] x, double[][] target, double eta) {
        int n = x.length;
        double[][] y = forward(x);
        double loss = 0;
        double[][] b = new double[n][d]; // B_{l+1}, per example
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
        double c = c();
        double[][][] gu = new double[depth][d][width];
        double[][][] gv = new double[depth][d][width];
        for (int l = depth - 1; l >= 0; l--) {
            double[][] sMat = new double[n][width];
            for (int e = 0; e < n; e++) {
                for (int j = 0; j < width; j++) {
                    double q = 0;
                    for (int i = 0; i < d; i++) {
                        q += v[l][i][j] * b[e][i];
                    }
                    sMat[e][j] = act.df(p[l][e][j]) * q / d;
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < width; j++) {
                    double su = 0;
                    double sv = 0;
                    for (int e = 0; e < n; e++) {
                        su += h[l][e][i] * sMat[e][j];
                        sv += b[e][i] * act.f(p[l][e][j]);
                    }
                    gu[l][i][j] = su;
                    gv[l][i][j] = sv;
                }
            }
            double[][] next = new double[n][d];
            for (int e = 0; e < n; e++) {
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    for (int j = 0; j < width; j++) {
                        s += u[l][i][j] * sMat[e][j];
                    }
                    next[e][i] = b[e][i] + c * s;
                }
            }
            b = next;
        }
        double rate = eta / alpha;
        for (int l = 0; l < depth; l++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < width; j++) {
                    u[l][i][j] -= rate * gu[l][i][j];
                    v[l][i][j] -= rate * gv[l][i][j];
                }
            }
        }
        return loss;
    }

    /** @return the hidden states h_0 … h_L of the last {@link #forward} (or {@link #step}), [L+1][N][D], a copy */
    public double[][][] hiddenStates() {
        double[][][] out = new double[h.length][][];
        for (int l = 0; l < h.length; l++) {
            out[l] = new double[h[l].length][];
            for (int e = 0; e < h[l].length; e++) {
                out[l][e] = h[l][e].clone();
            }
        }
        return out;
    }

    /** @return U as [D][M][L] */
    public double[][][] uDml() {
        return toDml(u);
    }

    /** @return V as [D][M][L] */
    public double[][][] vDml() {
        return toDml(v);
    }

    private double[][][] toDml(double[][][] w) {
        double[][][] out = new double[d][width][depth];
        for (int l = 0; l < depth; l++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < width; j++) {
                    out[i][j][l] = w[l][i][j];
                }
            }
        }
        return out;
    }
}
