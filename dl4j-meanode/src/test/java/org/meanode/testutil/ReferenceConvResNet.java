package org.meanode.testutil;

/**
 * Independent plain-Java reference of a stack of L convolutional residual blocks (docs/conv.md),
 * written with direct convolution loops (no im2col, no matrices): state h[n][c][y][x], units
 * u_j ∈ R^{C×k×k} (stored as U[l][c·k² + a·k + b][j]) and v_j ∈ R^C (V[l][c][j]), tanh,
 * <pre>
 *   p[n][j][y][x] = Σ_{c,a,b} U[l][c·k²+a·k+b][j] · h[n][c][y+a−r][x+b−r] / F     (zero outside)
 *   h'[n][c][y][x] = h[n][c][y][x] + (α/(L·M)) Σ_j V[l][c][j] · tanh(p[n][j][y][x])
 * </pre>
 * The loss is DL4J's MSE on the flattened last state against targets Y, J = Σ (h_L − Y)²/(N·D),
 * and {@link #step} is one gradient-descent step with the layer's rate η·L·M·D/(2α²) for U and V.
 */
public final class ReferenceConvResNet {
    public final int c;
    public final int hgt;
    public final int wid;
    public final int k;
    public final int depth;
    public final int width;
    public final double alpha;
    /** U[l][c·k²+a·k+b][j]. */
    public final double[][][] u;
    /** V[l][c][j]. */
    public final double[][][] v;

    public ReferenceConvResNet(int c, int hgt, int wid, int k, int depth, int width, double alpha, double[][][] u,
                               double[][][] v) {
        this.c = c;
        this.hgt = hgt;
        this.wid = wid;
        this.k = k;
        this.depth = depth;
        this.width = width;
        this.alpha = alpha;
        this.u = u;
        this.v = v;
    }

    private int f() {
        return c * k * k;
    }

    private double at(double[][][] h, int ch, int y, int x) {
        return y < 0 || y >= hgt || x < 0 || x >= wid ? 0.0 : h[ch][y][x];
    }

    /** @return the activations tanh(p) of block l for one example, [M][H][W] */
    private double[][][] act(int l, double[][][] h) {
        int r = (k - 1) / 2;
        double[][][] out = new double[width][hgt][wid];
        for (int j = 0; j < width; j++) {
            for (int y = 0; y < hgt; y++) {
                for (int x = 0; x < wid; x++) {
                    double s = 0;
                    for (int ch = 0; ch < c; ch++) {
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                s += u[l][ch * k * k + a * k + b][j] * at(h, ch, y + a - r, x + b - r);
                            }
                        }
                    }
                    out[j][y][x] = Math.tanh(s / f());
                }
            }
        }
        return out;
    }

    private double[][][] block(int l, double[][][] h, double[][][] a) {
        double s = alpha / ((double) depth * width);
        double[][][] out = new double[c][hgt][wid];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < hgt; y++) {
                for (int x = 0; x < wid; x++) {
                    double t = 0;
                    for (int j = 0; j < width; j++) {
                        t += v[l][ch][j] * a[j][y][x];
                    }
                    out[ch][y][x] = h[ch][y][x] + s * t;
                }
            }
        }
        return out;
    }

    /** @return h_L for every example */
    public double[][][][] forward(double[][][][] x) {
        double[][][][] out = new double[x.length][][][];
        for (int n = 0; n < x.length; n++) {
            double[][][] h = x[n];
            for (int l = 0; l < depth; l++) {
                h = block(l, h, act(l, h));
            }
            out[n] = h;
        }
        return out;
    }

    /** @return J = Σ (h_L − Y)² / (N·D) */
    public double loss(double[][][][] x, double[][][][] y) {
        double[][][][] o = forward(x);
        double s = 0;
        for (int n = 0; n < x.length; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < hgt; yy++) {
                    for (int xx = 0; xx < wid; xx++) {
                        double e = o[n][ch][yy][xx] - y[n][ch][yy][xx];
                        s += e * e;
                    }
                }
            }
        }
        return s / ((double) x.length * c * hgt * wid);
    }

    /** One full-batch gradient-descent step at base rate η (rate η·L·M·D/(2α²) for U and V). */
    public void step(double[][][][] x, double[][][][] y, double eta) {
        int n = x.length;
        int d = c * hgt * wid;
        int r = (k - 1) / 2;
        double s = alpha / ((double) depth * width);
        double[][][] gu = new double[depth][f()][width];
        double[][][] gv = new double[depth][c][width];
        for (int e = 0; e < n; e++) {
            double[][][][] hs = new double[depth + 1][][][];
            double[][][][] as = new double[depth][][][];
            hs[0] = x[e];
            for (int l = 0; l < depth; l++) {
                as[l] = act(l, hs[l]);
                hs[l + 1] = block(l, hs[l], as[l]);
            }
            double[][][] g = new double[c][hgt][wid];
            for (int ch = 0; ch < c; ch++) {
                for (int yy = 0; yy < hgt; yy++) {
                    for (int xx = 0; xx < wid; xx++) {
                        g[ch][yy][xx] = 2.0 * (hs[depth][ch][yy][xx] - y[e][ch][yy][xx]) / ((double) n * d);
                    }
                }
            }
            for (int l = depth - 1; l >= 0; l--) {
                double[][][] gn = new double[c][hgt][wid];
                for (int ch = 0; ch < c; ch++) {
                    for (int yy = 0; yy < hgt; yy++) {
                        System.arraycopy(g[ch][yy], 0, gn[ch][yy], 0, wid);
                    }
                }
                for (int j = 0; j < width; j++) {
                    for (int yy = 0; yy < hgt; yy++) {
                        for (int xx = 0; xx < wid; xx++) {
                            double av = as[l][j][yy][xx];
                            double da = 0;
                            for (int ch = 0; ch < c; ch++) {
                                gv[l][ch][j] += s * g[ch][yy][xx] * av;
                                da += s * v[l][ch][j] * g[ch][yy][xx];
                            }
                            double dp = da * (1 - av * av) / f();
                            for (int ch = 0; ch < c; ch++) {
                                for (int a = 0; a < k; a++) {
                                    for (int b = 0; b < k; b++) {
                                        int y2 = yy + a - r;
                                        int x2 = xx + b - r;
                                        if (y2 < 0 || y2 >= hgt || x2 < 0 || x2 >= wid) {
                                            continue;
                                        }
                                        int q = ch * k * k + a * k + b;
                                        gu[l][q][j] += dp * hs[l][ch][y2][x2];
                                        gn[ch][y2][x2] += dp * u[l][q][j];
                                    }
                                }
                            }
                        }
                    }
                }
                g = gn;
            }
        }
        double lr = eta * depth * width * d / (2.0 * alpha * alpha);
        for (int l = 0; l < depth; l++) {
            for (int q = 0; q < f(); q++) {
                for (int j = 0; j < width; j++) {
                    u[l][q][j] -= lr * gu[l][q][j];
                }
            }
            for (int ch = 0; ch < c; ch++) {
                for (int j = 0; j < width; j++) {
                    v[l][ch][j] -= lr * gv[l][ch][j];
                }
            }
        }
    }
}
