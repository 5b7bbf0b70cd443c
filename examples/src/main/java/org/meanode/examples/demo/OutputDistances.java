package org.meanode.examples.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Distances between network outputs, each output a [N, d_out] matrix flattened to a vector.
 * The distance of two outputs is their root-mean-square difference over the N·d_out entries,
 * the scale of DL4J's MSE loss.
 */
public final class OutputDistances {
    private OutputDistances() {
    }

    /**
     * @param a an output, length N·d_out
     * @param b an output of the same length
     * @return sqrt(mean((a − b)²))
     */
    public static double rms(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("outputs of different sizes: " + a.length + " vs " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    /**
     * RMS pairwise distance of S outputs: sqrt of the mean of rms(y_i, y_j)² over the S(S−1)/2
     * pairs. For i.i.d. networks it estimates √2 times the RMS deviation of one network from
     * the mean network: the sampling term, free of any bias common to all S networks.
     *
     * @param outputs S ≥ 2 outputs
     * @return the spread
     */
    public static double spread(List<double[]> outputs) {
        int s = outputs.size();
        if (s < 2) {
            throw new IllegalArgumentException("the spread needs at least 2 networks, got " + s + "; pass --seeds 2 or more");
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < s; i++) {
            for (int j = i + 1; j < s; j++) {
                double d = rms(outputs.get(i), outputs.get(j));
                sum += d * d;
                pairs++;
            }
        }
        return Math.sqrt(sum / pairs);
    }

    /**
     * Jackknife standard error of log(spread) over networks (leave one network out).
     *
     * @param outputs S outputs
     * @return the standard error, or NaN when S &lt; 3
     */
    public static double logSpreadStdError(List<double[]> outputs) {
        int s = outputs.size();
        if (s < 3) {
            return Double.NaN;
        }
        double[] theta = new double[s];
        double mean = 0;
        for (int i = 0; i < s; i++) {
            List<double[]> rest = new ArrayList<>(outputs);
            rest.remove(i);
            theta[i] = Math.log(spread(rest));
            mean += theta[i] / s;
        }
        double ss = 0;
        for (double t : theta) {
            ss += (t - mean) * (t - mean);
        }
        return Math.sqrt((s - 1.0) / s * ss);
    }

    /**
     * @param outputs S ≥ 1 outputs of equal length
     * @return their entrywise mean
     */
    public static double[] mean(List<double[]> outputs) {
        double[] m = new double[outputs.get(0).length];
        for (double[] o : outputs) {
            for (int i = 0; i < m.length; i++) {
                m[i] += o[i] / outputs.size();
            }
        }
        return m;
    }
}
