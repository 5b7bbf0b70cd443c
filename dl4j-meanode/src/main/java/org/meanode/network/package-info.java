/**
 * Whole networks of MODEL.md: {@link org.meanode.network.MeanOdeResNet} builds embedding,
 * scaled residual blocks, readout and MSE loss as a MultiLayerNetwork or ComputationGraph, and
 * {@link org.meanode.network.ResNetWeights} reads and writes their weights in the paper's layout.
 */
package org.meanode.network;
