/**
 * Layer runtimes, instantiated by the configs in {@code org.meanode.conf}. Every residual layer
 * (finite block, fused stack, limit layer) runs on one kernel, {@code ResidualKernel}: steps of a
 * Runge–Kutta scheme whose stages are blocks of units (a finite layer is forward Euler, one step
 * per block; the limit layer's stages hold the quadrature nodes), calling the unit function's
 * forward and backward pieces through {@code KernelOps}: direct OpenBLAS calls on the arrays'
 * host memory on ND4J's CPU backend ({@link org.meanode.conf.KernelMode}), the forward pass kept
 * in a tape with optional checkpointing, float32 tanh by a fast rational approximation, memcpy
 * copies, weight-block views made once.
 *
 * <p>A contributor changes this package to make every layer faster (kernel, tape, BLAS,
 * element-wise passes) or to wire a new kind of layer into DL4J; a new block function belongs in
 * {@code org.meanode.units}, not here.
 */
package org.meanode.layers;
