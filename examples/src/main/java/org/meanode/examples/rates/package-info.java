/**
 * The convergence-rate experiments ({@code meanode rates}): RMS distance of finite α/(L·M)-scaled
 * ResNets to their Neural Mean ODE limit after K GD steps as M, L, D and P = L·M·D grow, with
 * fitted slopes and the error bound O(1/L + √D/√(L·M)) fitted by
 * {@link org.meanode.predict.DistancePredictor}. Measurement, console progress and tables, CSV,
 * PNG plots and provenance.
 */
package org.meanode.examples.rates;
