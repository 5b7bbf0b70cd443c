package org.meanode.examples.demo;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The regression task and the frozen weights shared by every network of the demo, so that two
 * networks differ only in their residual weights U, V:
 * <ul>
 *   <li>inputs X : [N, d_in] and targets Y : [N, d_out], entries N(0, 1);</li>
 *   <li>embedding W_E : [D, d_in], entries N(0, 1/d_in); readout W_U : [D, d_out], entries
 *       N(0, d_out) (MODEL.md's init, in the layout of {@link org.meanode.network.ResNetWeights}).</li>
 * </ul>
 * All draws come from one {@link SplittableRandom} with a fixed seed, independent of ND4J's
 * generators.
 *
 * @param x  inputs, [N, d_in]
 * @param y  targets, [N, d_out]
 * @param wE embedding, [D, d_in]
 * @param wU readout, [D, d_out]
 */
public record SyntheticTask(double[][] x, double[][] y, double[][] wE, double[][] wU) {

    /**
     * Draws a task.
     *
     * @param nIn          d_in
     * @param nOut         d_out
     * @param embeddingDim D
     * @param examples     N
     * @param seed         seed of every draw
     * @return the task
     */
    public static SyntheticTask generate(int nIn, int nOut, int embeddingDim, int examples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = gaussian(rng, examples, nIn, 1.0);
        double[][] y = gaussian(rng, examples, nOut, 1.0);
        double[][] wE = gaussian(rng, embeddingDim, nIn, 1.0 / Math.sqrt(nIn));
        double[][] wU = gaussian(rng, embeddingDim, nOut, Math.sqrt(nOut));
        return new SyntheticTask(x, y, wE, wU);
    }

    private static double[][] gaussian(SplittableRandom rng, int rows, int cols, double std) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = std * rng.nextGaussian();
            }
        }
        return a;
    }

    /** @return N, the number of examples */
    public int examples() {
        return x.length;
    }

    /** @return d_in */
    public int nIn() {
        return x[0].length;
    }

    /** @return d_out */
    public int nOut() {
        return y[0].length;
    }

    /** @return D */
    public int embeddingDim() {
        return wE.length;
    }

    /** @return (X, Y) as a float64 DataSet */
    public DataSet dataSet() {
        return new DataSet(Nd4j.create(x).castTo(DataType.DOUBLE), Nd4j.create(y).castTo(DataType.DOUBLE));
    }

    /** @return W_E as a float64 [D, d_in] array */
    public INDArray embedding() {
        return Nd4j.create(wE).castTo(DataType.DOUBLE);
    }

    /** @return W_U as a float64 [D, d_out] array */
    public INDArray readout() {
        return Nd4j.create(wU).castTo(DataType.DOUBLE);
    }
}
