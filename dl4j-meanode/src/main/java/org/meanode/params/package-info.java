/**
 * Parameter initializers: how each layer's parameters are laid out as views of DL4J's flat
 * parameter vector, and how they are drawn at initialisation. The residual layers' parameters are
 * the parameter blocks of their unit function ({@link org.meanode.units.UnitParam}), one DL4J
 * parameter per block ({@link org.meanode.params.ScaledResidualParams}: [L, rows, M]; the limit
 * layer, {@link org.meanode.params.MeanOdeParams}: one per block and solver stage, [S, rows, P]).
 *
 * <p>A contributor changes this package when a layout or an initial law changes; both are part
 * of saved models, so the backward-compatibility fixtures (src/test/resources/compat) must keep
 * loading.
 */
package org.meanode.params;
