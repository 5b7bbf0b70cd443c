/**
 * Predicting how far a finite α/(L·M)-scaled ResNet ends up from its Neural Mean ODE limit:
 * {@link org.meanode.predict.DistancePredictor} fits the two constants of MODEL.md's error bound
 * O(1/L + √D/√(L·M)) to measured distances (non-negative least squares) and predicts the distance
 * for any (L, M, D, α). Constants measured by the examples' {@code rates} command ship as
 * {@link org.meanode.predict.DistancePredictor#defaults()}.
 */
package org.meanode.predict;
