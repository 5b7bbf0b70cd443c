package org.meanode.monitor;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.meanode.layers.HiddenStateProbe;
import org.meanode.layers.ResidualUnits;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link MonitoredNetwork} of a {@link MultiLayerNetwork}. */
final class MonitoredMultiLayer extends MonitoredNetwork {
    private final MultiLayerNetwork net;
    private final List<MonitoredLayer> layers = new ArrayList<>();
    private final List<Integer> indices = new ArrayList<>();

    MonitoredMultiLayer(MultiLayerNetwork net) {
        this.net = net;
        Layer[] all = net.getLayers();
        for (int i = 0; i < all.length; i++) {
            Layer l = unwrap(all[i]);
            if (l instanceof HiddenStateProbe p) {
                String name = l.conf().getLayer().getLayerName();
                layers.add(new MonitoredLayer(name != null ? name : "layer" + i, l, p, l instanceof ResidualUnits u ? u : null));
                indices.add(i);
            }
        }
    }

    @Override
    List<MonitoredLayer> layers() {
        return layers;
    }

    @Override
    String modelClass() {
        return "MultiLayerNetwork";
    }

    @Override
    INDArray[] currentInputs() {
        INDArray in = net.getInput();
        return in == null ? null : new INDArray[] {in};
    }

    @Override
    List<INDArray> states(INDArray[] probe) {
        // Layer by layer in inference mode without workspaces: DL4J's feedForwardToLayer does the
        // same with far more fixed cost per call (workspace set-up, detaching).
        List<INDArray> out = new ArrayList<>(layers.size());
        INDArray x = probe[0];
        int next = 0;
        for (int j = 0; j < layers.size(); j++) {
            int i = indices.get(j);
            for (; next < i; next++) { // the layers before the first plugin layer, or between two of them
                x = net.getLayer(next).activate(preProcess(next, x), false, LayerWorkspaceMgr.noWorkspaces());
            }
            INDArray s = layers.get(j).probe().hiddenStates(preProcess(i, x));
            out.add(s);
            x = s.tensorAlongDimension(s.size(0) - 1, 1, 2);
            next = i + 1;
        }
        return out;
    }

    private INDArray preProcess(int layerIndex, INDArray x) {
        InputPreProcessor p = net.getLayerWiseConfigurations().getInputPreProcess(layerIndex);
        return p == null ? x : p.preProcess(x, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
    }
}
