package org.meanode.examples.search;

import java.util.SplittableRandom;
import org.meanode.arbiter.FullBatchDataProvider;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synthetic regression task of the search and transfer commands: a fixed random teacher
 * y = Σ_k c_k tanh(w_kᵀx) with K = {@value #TEACHER_UNITS} units (w_k ~ N(0, 4/d_in·I),
 * c_k ~ N(0, 1/K) per output), inputs x ~ N(0, I), plus Gaussian label noise; independent
 * training and validation draws. Everything comes from one {@link SplittableRandom} seed.
 *
 * @param train      training set, features [N_train, d_in], labels [N_train, d_out]
 * @param validation validation set, same layout
 * @param noise      label noise std (the validation MSE cannot go below noise²)
 */
public record TeacherTask(DataSet train, DataSet validation, double noise) {
    /** Hidden units of the teacher. */
    public static final int TEACHER_UNITS = 8;

    /**
     * @param nIn        d_in
     * @param nOut       d_out
     * @param train      N_train
     * @param validation N_validation
     * @param noise      label noise std
     * @param seed       seed of every draw
     * @return the task (float32 arrays)
     */
    public static TeacherTask generate(int nIn, int nOut, int train, int validation, double noise, long seed) {
        if (nIn < 1 || nOut < 1 || train < 1 || validation < 1 || !(noise >= 0)) {
            throw new IllegalArgumentException("TeacherTask: need d_in, d_out, N_train, N_validation ≥ 1 and noise ≥ 0, got "
                    + nIn + ", " + nOut + ", " + train + ", " + validation + ", " + noise);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] w = new double[TEACHER_UNITS][nIn];
        double[][] c = new double[TEACHER_UNITS][nOut];
        for (int k = 0; k < TEACHER_UNITS; k++) {
            for (int i = 0; i < nIn; i++) {
                w[k][i] = 2.0 / Math.sqrt(nIn) * rng.nextGaussian();
            }
            for (int o = 0; o < nOut; o++) {
                c[k][o] = rng.nextGaussian() / Math.sqrt(TEACHER_UNITS);
            }
        }
        return new TeacherTask(draw(rng, w, c, train, noise), draw(rng, w, c, validation, noise), noise);
    }

    private static DataSet draw(SplittableRandom rng, double[][] w, double[][] c, int n, double noise) {
        int nIn = w[0].length;
        int nOut = c[0].length;
        double[][] x = new double[n][nIn];
        double[][] y = new double[n][nOut];
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < nIn; i++) {
                x[e][i] = rng.nextGaussian();
            }
            for (int k = 0; k < w.length; k++) {
                double z = 0;
                for (int i = 0; i < nIn; i++) {
                    z += w[k][i] * x[e][i];
                }
                double t = Math.tanh(z);
                for (int o = 0; o < nOut; o++) {
                    y[e][o] += c[k][o] * t;
                }
            }
            for (int o = 0; o < nOut; o++) {
                y[e][o] += noise * rng.nextGaussian();
            }
        }
        return new DataSet(Nd4j.create(x).castTo(DataType.FLOAT), Nd4j.create(y).castTo(DataType.FLOAT));
    }

    /** @return an Arbiter data provider serving each set as one full batch */
    public FullBatchDataProvider provider() {
        return new FullBatchDataProvider(train, validation, "TeacherTask(d_in=" + train.numInputs() + ", d_out="
                + train.numOutcomes() + ", noise=" + noise + ")");
    }

    /** @return the validation MSE of always predicting 0 (a score to beat) */
    public double zeroPredictorMse() {
        double norm = validation.getLabels().castTo(DataType.DOUBLE).norm2Number().doubleValue();
        return norm * norm / validation.getLabels().length();
    }
}
