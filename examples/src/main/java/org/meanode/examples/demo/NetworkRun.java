package org.meanode.examples.demo;

/**
 * One trained network of the demo.
 *
 * @param depth       L
 * @param width       M
 * @param replicate   0 … S−1
 * @param seed        the seed of its residual weights U, V
 * @param lossInit    DL4J's MSE on the task before training
 * @param lossFinal   DL4J's MSE after K steps
 * @param output      its output on the task's inputs after K steps, [N, d_out] flattened row by row
 */
public record NetworkRun(int depth, int width, int replicate, long seed, double lossInit, double lossFinal, double[] output) {
}
