package org.meanode.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer that can report the hidden states h(s) it passes through, at every depth-time s it
 * computes, for a given input: the residual blocks and stacks of this plugin (states after
 * each block, s = l/L) and ODE layers (states at their grid points). Used by
 * {@code org.meanode.monitor.FeatureMovementListener} for the hidden-state movement
 * ‖h_k(s) − h_0(s)‖/‖h_0(s)‖ of MODEL.md.
 *
 * <p>Implementations compute the states with their current parameters, in inference mode
 * (no dropout), without touching the layer's training state (inputs, cached forward pass):
 * the call is safe between training iterations.
 */
public interface HiddenStateProbe {
    /**
     * @return the depth-times of the states returned by {@link #hiddenStates}, relative to the
     *         layer's input (the first is 0), in units of the network's depth-time s ∈ [0, 1]:
     *         {@code [0, 1/L, …, nb/L]} for nb blocks of a depth-L network
     */
    double[] stateDepths();

    /**
     * @param input [N, D], the layer's input
     * @return [stateDepths().length, N, D]: state 0 is {@code input}, state j the hidden state
     *         at relative depth-time {@code stateDepths()[j]}; a new array outside any workspace
     */
    INDArray hiddenStates(INDArray input);
}
