/**
 * Unit functions φ(h, Z) of the paper's generic residual blocks (Theorem 1):
 * h ← h + (α/(L·M)) Σ_j φ(h, Z_j), and of the limit dh/ds = α·E_Z[φ(h, Z)]. A
 * {@link org.meanode.units.UnitFunction} declares the parameter blocks of one unit
 * ({@link org.meanode.units.UnitParam}: shape, initialisation, learning-rate factor) and computes
 * the batched forward piece and its exact backward piece as GEMMs and element-wise passes of
 * {@link org.meanode.units.UnitOps}, on arrays the kernel allocates. Provided: the 2LP unit
 * (MODEL.md), a 2LP unit with bias, a gated unit.
 *
 * <p>This is the plugin's one extension point: a contributor adds a kind of block (e.g. a
 * convolutional unit) by adding a UnitFunction here, and every residual layer (block, stack,
 * limit) then runs it on the fast kernel, with gradient checks against its own backward piece.
 */
package org.meanode.units;
