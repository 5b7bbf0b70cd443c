package org.meanode.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer whose parameters are groups of 2LP units (u, v) ∈ R^D × R^D, one group per depth
 * position: one group for a {@link ScaledResidualBlockLayer}, L for a
 * {@link ScaledResidualStackLayer}, one per solver step and stage for a
 * {@link MeanOdeLayerRuntime}. Used by {@code org.meanode.monitor.FeatureMovementListener}
 * for the per-block parameter movement ‖U_k − U_0‖_F/‖U_0‖_F and ‖V_k − V_0‖_F/‖V_0‖_F.
 */
public interface ResidualUnits {
    /**
     * @return the depth-time s of each group relative to the layer's input (block l of a
     *         depth-L network at l/L), one entry per group
     */
    double[] unitDepths();

    /**
     * @return U of every group as [groups, D, M] with the current values: the parameters
     *         themselves where their layout allows (block, stack), else a copy; read it, do not write it
     */
    INDArray unitsU();

    /**
     * @return V of every group as [groups, D, M], as {@link #unitsU()}
     */
    INDArray unitsV();
}
