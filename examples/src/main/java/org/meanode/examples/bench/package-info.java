/**
 * The step benchmark ({@code meanode bench}): time of one float32 full-batch GD step of a
 * MeanOdeResNet with the fused ScaledResidualStack, against the same network built from stock
 * DL4J layers and against ND4J's SGEMM rate measured in the same run.
 */
package org.meanode.examples.bench;
