/**
 * Unit functions φ(h, Z) of the paper's generic residual blocks (Theorem 1):
 * h ← h + (α/(L·M)) Σ_j φ(h, Z_j). A {@link org.meanode.units.UnitFunction} declares the
 * parameter blocks of one unit, their initialisation and learning-rate factors, and computes its
 * batched forward and exact backward pass with GEMMs on caller-allocated arrays.
 */
package org.meanode.units;
