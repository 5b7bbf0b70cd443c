package org.meanode.examples.phase;

import org.meanode.network.ResNetWeights;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hidden states h_l (l = 0 … L) of MODEL.md's ResNet on a probe batch, recomputed in plain Java
 * from the weights (tanh blocks): h_0 = W_E x, h_{l+1} = h_l + (α/(L·M)) Σ_j v_j tanh(u_jᵀh_l/D).
 */
public final class HiddenStates {
    private HiddenStates() {
    }

    /**
     * @param w     the weights (W_E [D, d_in], U and V [D, M, L])
     * @param alpha α
     * @param x     probe inputs, [n, d_in]
     * @return h[l][example][i], l = 0 … L
     */
    public static double[][][] of(ResNetWeights w, double alpha, INDArray x) {
        int d = (int) w.getU().size(0);
        int m = (int) w.getU().size(1);
        int depth = (int) w.getU().size(2);
        int n = (int) x.size(0);
        int din = (int) x.size(1);
        double[][] we = w.getEmbedding().toDoubleMatrix();
        double[][] xs = x.toDoubleMatrix();
        double[][][] u = new double[depth][d][m];
        double[][][] v = new double[depth][d][m];
        for (int l = 0; l < depth; l++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < m; j++) {
                    u[l][i][j] = w.getU().getDouble(i, j, l);
                    v[l][i][j] = w.getV().getDouble(i, j, l);
                }
            }
        }
        double c = alpha / ((double) depth * m);
        double[][][] h = new double[depth + 1][n][d];
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < d; i++) {
                double z = 0;
                for (int k = 0; k < din; k++) {
                    z += we[i][k] * xs[e][k];
                }
                h[0][e][i] = z;
            }
            for (int l = 0; l < depth; l++) {
                double[] next = h[l][e].clone();
                for (int j = 0; j < m; j++) {
                    double p = 0;
                    for (int i = 0; i < d; i++) {
                        p += u[l][i][j] * h[l][e][i];
                    }
                    double a = Math.tanh(p / d);
                    for (int i = 0; i < d; i++) {
                        next[i] += c * v[l][i][j] * a;
                    }
                }
                h[l + 1][e] = next;
            }
        }
        return h;
    }

    /**
     * @param h0 hidden states at step 0
     * @param hk hidden states at step K
     * @return the mean over l = 1 … L of ‖h_K(l) − h_0(l)‖_F/‖h_0(l)‖_F
     */
    public static double meanRelativeMovement(double[][][] h0, double[][][] hk) {
        double sum = 0;
        for (int l = 1; l < h0.length; l++) {
            double num = 0;
            double den = 0;
            for (int e = 0; e < h0[l].length; e++) {
                for (int i = 0; i < h0[l][e].length; i++) {
                    double diff = hk[l][e][i] - h0[l][e][i];
                    num += diff * diff;
                    den += h0[l][e][i] * h0[l][e][i];
                }
            }
            sum += Math.sqrt(num / den);
        }
        return sum / (h0.length - 1);
    }
}
