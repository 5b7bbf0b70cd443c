package org.meanode.examples.rates;

/**
 * What a trained network or limit leaves behind.
 *
 * @param output    its output on the task's inputs after K steps, [N, d_out] flattened row by row
 * @param lossInit  DL4J's MSE before training
 * @param lossFinal DL4J's MSE after K steps
 */
public record TrainedOutput(double[] output, double lossInit, double lossFinal) {
}
