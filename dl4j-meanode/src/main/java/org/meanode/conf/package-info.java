/**
 * Layer configurations (what a user puts in a MultiLayerConfiguration or
 * ComputationGraphConfiguration): the α/(L·M)-scaled residual block and fused stack, their
 * generic versions for any unit function φ (GenericResidualBlock, GenericResidualStack), and the
 * embedding and readout of MODEL.md. Configs are validated by their builders and round-trip
 * through DL4J's JSON.
 */
package org.meanode.conf;
