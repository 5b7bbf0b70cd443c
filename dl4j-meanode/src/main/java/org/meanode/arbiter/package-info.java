/**
 * Arbiter search spaces for the plugin: layer spaces for the residual layers
 * ({@link org.meanode.arbiter.ScaledResidualBlockSpace}, {@link org.meanode.arbiter.ScaledResidualStackSpace},
 * {@link org.meanode.arbiter.MeanOdeLayerSpace}, on the shared
 * {@link org.meanode.arbiter.BaseResidualLayerSpace}; with a unit leaf such as
 * {@link org.meanode.arbiter.ConvUnitSpace} for convolutional stacks), a network-level space
 * ({@link org.meanode.arbiter.MeanOdeResNetSpace}) that builds every candidate through
 * {@link org.meanode.network.MeanOdeResNet} (so the learning-rate rule follows the sampled depth and
 * width), log-scale leaves, and a task creator and result store that record every candidate,
 * diverging or throwing ones as failed. Needs arbiter-deeplearning4j (an optional dependency of
 * this library).
 *
 * <p>Contributors: the leaves every space shares (D, α, σ_u, σ_v, regime) live once, in
 * {@code ScaleLeaves} (fields, checks, sampled values, JSON form) with their builder setters in
 * {@code ScaleSetters} (and L, M in {@code ShapeSetters}); a leaf of one layer goes into its
 * space's {@code ownLeaves()}. The leaves' order fixes which coordinate of a saved search drives
 * which hyperparameter, and the JSON property names are the saved spaces' format: keep both
 * ({@code SpaceJsonCompatibilityTest} reads spaces saved by release 0.1.0). Range and value checks
 * go through {@code SpaceChecks}, so that messages name the field, the value and the fix alike.
 */
package org.meanode.arbiter;
