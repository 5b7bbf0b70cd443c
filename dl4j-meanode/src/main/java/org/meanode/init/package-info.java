/**
 * Initialisation of the plugin's parameters: i.i.d. Gaussian entries with the scales fixed by
 * MODEL.md (U, V ~ N(0, σ²), W_E ~ N(0, 1/d_in), W_U ~ N(0, d_out)), optionally from a
 * per-layer seed.
 */
package org.meanode.init;
