package org.meanode.monitor;

import org.deeplearning4j.nn.api.Layer;
import org.meanode.layers.HiddenStateProbe;
import org.meanode.layers.ResidualUnits;

/**
 * A plugin layer of a monitored network.
 *
 * @param name  the layer's name (graph vertex name, or the layer name / index of a MultiLayerNetwork)
 * @param layer the runtime layer (unwrapped from DL4J's frozen-layer wrappers)
 * @param probe its hidden states
 * @param units its units, or null when it has none to track
 */
record MonitoredLayer(String name, Layer layer, HiddenStateProbe probe, ResidualUnits units) {

    /** @return e.g. "stack: ScaledResidualStack, 128 blocks" */
    String describe() {
        if (layer.conf() != null && layer.conf().getLayer() instanceof org.meanode.conf.MeanOdeLayer m) {
            return name + ": MeanOdeLayer, " + m.getSolver() + ", S = " + m.getSteps() + " steps x " + m.stages() + " stages, P = "
                    + m.getNodes() + " nodes (" + (m.isFreshNodes() ? "fresh" : "shared") + " " + m.getNodeScheme() + " nodes)";
        }
        String kind = layer.conf() != null && layer.conf().getLayer() != null
                ? layer.conf().getLayer().getClass().getSimpleName() : layer.getClass().getSimpleName();
        int groups = units == null ? 0 : units.unitDepths().length;
        int steps = probe.stateDepths().length - 1;
        return name + ": " + kind + ", " + (units != null ? groups + (groups == 1 ? " block" : " blocks")
                : steps + (steps == 1 ? " step" : " steps"));
    }
}
