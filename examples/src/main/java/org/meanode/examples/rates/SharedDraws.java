package org.meanode.examples.rates;

import org.meanode.examples.demo.SyntheticTask;

/**
 * The randomness shared by every network of a rate experiment, so that networks and limits of
 * different sizes differ only in their residual weights:
 * <ul>
 *   <li>inputs X : [N, d_in] and targets Y : [N, d_out], entries N(0, 1), the same for every D;</li>
 *   <li>embedding W_E and readout W_U drawn once at the largest width D_max (entries N(0, 1/d_in)
 *       and N(0, d_out), MODEL.md's init); the task of width D uses their first D rows, so the
 *       embeddings of different D are nested and every network and limit of one D share the same
 *       W_E, W_U.</li>
 * </ul>
 * The draws are those of {@link SyntheticTask#generate} at D_max (one SplittableRandom seeded by
 * {@code seed}).
 */
public final class SharedDraws {
    private final double[][] x;
    private final double[][] y;
    private final double[][] wE;
    private final double[][] wU;

    /**
     * @param nIn      d_in
     * @param nOut     d_out
     * @param examples N
     * @param maxDim   the largest D that will be asked for
     * @param seed     seed of every draw
     */
    public SharedDraws(int nIn, int nOut, int examples, int maxDim, long seed) {
        if (nIn < 1 || nOut < 1 || examples < 1 || maxDim < 1) {
            throw new IllegalArgumentException("SharedDraws needs d_in, d_out, N, D_max ≥ 1, got " + nIn + ", " + nOut + ", "
                    + examples + ", " + maxDim);
        }
        SyntheticTask full = SyntheticTask.generate(nIn, nOut, maxDim, examples, seed); // the demo's draws, at D_max
        x = full.x();
        y = full.y();
        wE = full.wE();
        wU = full.wU();
    }

    /** @return the largest D available */
    public int maxDim() {
        return wE.length;
    }

    /**
     * @param embeddingDim D ≤ {@link #maxDim()}
     * @return the task of width D: shared X, Y and the first D rows of W_E, W_U
     */
    public SyntheticTask task(int embeddingDim) {
        if (embeddingDim < 1 || embeddingDim > wE.length) {
            throw new IllegalArgumentException("embeddingDim = " + embeddingDim + " outside 1 … " + wE.length
                    + " (the shared draws were made for D_max = " + wE.length + ")");
        }
        double[][] e = new double[embeddingDim][];
        double[][] u = new double[embeddingDim][];
        for (int i = 0; i < embeddingDim; i++) {
            e[i] = wE[i].clone();
            u[i] = wU[i].clone();
        }
        return new SyntheticTask(copy(x), copy(y), e, u);
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
