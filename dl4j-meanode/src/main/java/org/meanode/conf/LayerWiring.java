package org.meanode.conf;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The common body of every plugin config's {@code instantiate}: wires a new runtime to DL4J. */
final class LayerWiring {
    private LayerWiring() {
    }

    /**
     * @param layer            a fresh runtime
     * @param initializer      the config's param initializer
     * @param conf             the network-level configuration of the layer
     * @param listeners        training listeners
     * @param layerIndex       index in the network
     * @param paramsView       the layer's view of the network's flat parameter vector
     * @param initializeParams whether to draw initial values into the view
     * @return {@code layer}, ready for use
     */
    static Layer wire(Layer layer, ParamInitializer initializer, NeuralNetConfiguration conf,
                      Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView,
                      boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        DepthCheck.register(conf.getLayer(), layerIndex, paramsView);
        return layer;
    }
}
