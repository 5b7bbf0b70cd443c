/**
 * Whole networks of MODEL.md (input [N, d_in] → embedding [N, D] → residual part [N, D] → readout
 * [N, d_out] → loss layer, MSE by default). {@link org.meanode.network.MeanOdeResNet} is the immutable spec, built
 * with {@link org.meanode.network.MeanOdeResNet.Builder} (its setters live in
 * {@link org.meanode.network.BaseResNetBuilder}); package-private classes assemble it: the
 * residual part of a finite network (L blocks, fused into one stack or one layer per block) or of
 * a limit network (one {@code MeanOdeLayer}), and the MultiLayerConfiguration or
 * ComputationGraphConfiguration around it. {@link org.meanode.network.ResNetWeights} and
 * {@link org.meanode.network.EmbeddingReadoutWeights} read and write the weights in the paper's
 * layout.
 *
 * <p>Contributors: a new network option is a builder field and setter in
 * {@code BaseResNetBuilder}, a field and getter of {@code MeanOdeResNet} (recorded by its
 * {@code toString()}), a cross-field check in {@code SpecChecks} if it excludes another option,
 * and its use in {@code FiniteAssembly} (finite blocks), {@code LimitAssembly} (the limit layer)
 * or {@code NetworkAssembly} (embedding, readout, loss, global settings).
 */
package org.meanode.network;
