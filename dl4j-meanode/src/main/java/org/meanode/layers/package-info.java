/**
 * Layer runtimes: the forward and backward passes of the plugin's layers, written as loops of
 * BLAS calls over preallocated arrays. Instantiated by the configs in {@code org.meanode.conf}.
 */
package org.meanode.layers;
