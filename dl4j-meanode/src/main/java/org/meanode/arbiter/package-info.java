/**
 * Arbiter search spaces for the plugin: layer spaces for the residual layers, a network-level
 * space that builds every candidate through {@link org.meanode.network.MeanOdeResNet} (so the
 * learning-rate rule follows the sampled depth and width), log-scale leaves, and a task creator
 * that records diverging or throwing candidates as failed. Needs arbiter-deeplearning4j
 * (an optional dependency of this library).
 */
package org.meanode.arbiter;
