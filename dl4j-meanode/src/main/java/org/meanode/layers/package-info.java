/**
 * Layer runtimes: the forward and backward passes of the plugin's layers, written as loops of
 * BLAS calls over preallocated arrays (on ND4J's CPU backend, direct OpenBLAS calls and fused
 * Java element-wise loops; {@link org.meanode.conf.KernelMode}). Instantiated by the configs in
 * {@code org.meanode.conf}.
 */
package org.meanode.layers;
