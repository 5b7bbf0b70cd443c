package org.meanode.examples.limit;

/**
 * One point of an error-vs-cost curve.
 *
 * @param curve    the curve's label
 * @param cost     unit evaluations per forward pass (L·M or S·r·P)
 * @param depth    L of a stack, S of a limit layer
 * @param width    M of a stack, P of a limit layer
 * @param rmsError RMS over the draws of the RMS distance of the outputs (all examples and outputs) to the reference
 * @param minError smallest error over the draws
 * @param maxError largest error over the draws
 * @param draws    number of independent draws
 * @param seconds  wall time of the point
 */
public record AccuracyPoint(String curve, long cost, int depth, int width, double rmsError, double minError,
                            double maxError, int draws, double seconds) {
}
