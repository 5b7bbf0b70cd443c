package org.meanode.monitor;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.layers.HiddenStateProbe;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The plugin layers of a {@link MultiLayerNetwork} or {@link ComputationGraph} and how to carry
 * a probe batch to them with the network's current parameters.
 */
abstract class MonitoredNetwork {

    /**
     * @param model a MultiLayerNetwork or ComputationGraph holding at least one {@link HiddenStateProbe} layer
     * @return its adapter
     * @throws IllegalArgumentException for another model type, or a network without plugin layers
     */
    static MonitoredNetwork of(Model model) {
        MonitoredNetwork n;
        if (model instanceof MultiLayerNetwork mln) {
            n = new MonitoredMultiLayer(mln);
        } else if (model instanceof ComputationGraph g) {
            n = new MonitoredGraph(g);
        } else {
            throw new IllegalArgumentException("FeatureMovementListener monitors a MultiLayerNetwork or a ComputationGraph, got "
                    + (model == null ? "null" : model.getClass().getName()));
        }
        if (n.layers().isEmpty()) {
            throw new IllegalArgumentException("FeatureMovementListener: the " + n.modelClass() + " has no dl4j-meanode residual"
                    + " or ODE layer (none implements org.meanode.layers.HiddenStateProbe); add a ScaledResidualStack,"
                    + " ScaledResidualBlocks or a MeanOdeLayer, or remove the listener");
        }
        return n;
    }

    /** @return the layer itself, or the layer inside DL4J's wrappers (FrozenLayer, FrozenLayerWithBackprop) */
    static Layer unwrap(Layer l) {
        Layer x = l;
        while (x instanceof BaseWrapperLayer w) {
            x = w.getUnderlying();
        }
        return x;
    }

    /** @return the monitored layers in forward order */
    abstract List<MonitoredLayer> layers();

    /** @return the simple class name of the model */
    abstract String modelClass();

    /** @return the network's current input arrays (one per network input), or null when none is set */
    abstract INDArray[] currentInputs();

    /**
     * @param probe the probe batch, one array per network input
     * @return per monitored layer, its hidden states [states, N, D] for the probe, with the current parameters
     */
    abstract List<INDArray> states(INDArray[] probe);
}
