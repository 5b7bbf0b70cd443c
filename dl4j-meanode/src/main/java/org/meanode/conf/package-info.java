/**
 * Layer configurations (what a user puts in a MultiLayerConfiguration or
 * ComputationGraphConfiguration): the α/(L·M)-scaled residual block and fused stack
 * ({@link org.meanode.conf.ScaledResidualBlock}, {@link org.meanode.conf.ScaledResidualStack},
 * any unit function φ through {@code .unit(φ)}, MODEL.md's 2LP unit by default), the limit layer
 * {@link org.meanode.conf.MeanOdeLayer}, and the embedding and readout of MODEL.md. All residual
 * configurations share {@link org.meanode.conf.BaseUnitLayer} (D, α, seed, φ); configs are
 * validated by their builders and round-trip through DL4J's JSON.
 *
 * <p>A contributor changes this package to add a layer option (a field with getter/setter,
 * builder method, equals/hashCode, JSON round-trip test) — not to add a kind of block: a new
 * block is a new {@link org.meanode.units.UnitFunction}. Class names are part of saved models
 * ("@class" in the JSON): never rename or move a configuration class; keep a deprecated subclass
 * under the old name instead (as GenericResidualBlock and GenericResidualStack are).
 */
package org.meanode.conf;
