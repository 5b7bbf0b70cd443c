package org.meanode.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.meanode.layers.HiddenStateProbe;
import org.meanode.layers.ResidualUnits;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link MonitoredNetwork} of a {@link ComputationGraph}: plugin layers in topological order. */
final class MonitoredGraph extends MonitoredNetwork {
    private final ComputationGraph graph;
    private final List<MonitoredLayer> layers = new ArrayList<>();
    private final List<String> inputNames = new ArrayList<>();
    private final List<InputPreProcessor> preProcessors = new ArrayList<>();

    MonitoredGraph(ComputationGraph graph) {
        this.graph = graph;
        GraphVertex[] vs = graph.getVertices();
        Map<String, List<String>> vertexInputs = graph.getConfiguration().getVertexInputs();
        for (int idx : graph.topologicalSortOrder()) {
            GraphVertex v = vs[idx];
            if (!v.hasLayer()) {
                continue;
            }
            Layer l = unwrap(v.getLayer());
            if (l instanceof HiddenStateProbe p) {
                List<String> ins = vertexInputs.get(v.getVertexName());
                if (ins == null || ins.size() != 1) {
                    throw new IllegalArgumentException("FeatureMovementListener: layer vertex '" + v.getVertexName()
                            + "' has inputs " + ins + "; a monitored residual layer needs exactly one input vertex"
                            + " (merge its inputs with a MergeVertex first)");
                }
                layers.add(new MonitoredLayer(v.getVertexName(), l, p, l instanceof ResidualUnits u ? u : null));
                inputNames.add(ins.get(0));
                preProcessors.add(v instanceof LayerVertex lv ? lv.getLayerPreProcessor() : null);
            }
        }
    }

    @Override
    List<MonitoredLayer> layers() {
        return layers;
    }

    @Override
    String modelClass() {
        return "ComputationGraph";
    }

    @Override
    INDArray[] currentInputs() {
        INDArray[] in = graph.getInputs();
        if (in == null) {
            return null;
        }
        for (INDArray a : in) {
            if (a == null) {
                return null;
            }
        }
        return in;
    }

    /**
     * The activation of vertex {@code name} for the probe: a network input, an output computed
     * already, or, along a chain of single-input layer vertices, each layer's own inference
     * forward pass without workspaces (DL4J's feedForward costs far more per call); any other
     * vertex through DL4J's feedForward.
     */
    private INDArray resolve(String name, INDArray[] probe, List<String> netInputs, Map<String, INDArray> outputs) {
        INDArray known = outputs.get(name);
        if (known != null) {
            return known;
        }
        int k = netInputs.indexOf(name);
        if (k >= 0) {
            return probe[k];
        }
        GraphVertex v = graph.getVertex(name);
        List<String> ins = graph.getConfiguration().getVertexInputs().get(name);
        INDArray x;
        if (v instanceof LayerVertex lv && ins != null && ins.size() == 1) {
            x = resolve(ins.get(0), probe, netInputs, outputs);
            InputPreProcessor p = lv.getLayerPreProcessor();
            if (p != null) {
                x = p.preProcess(x, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
            }
            x = lv.getLayer().activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        } else {
            x = graph.feedForward(probe, v.getVertexIndex(), false).get(name);
        }
        outputs.put(name, x);
        return x;
    }

    @Override
    List<INDArray> states(INDArray[] probe) {
        List<String> netInputs = graph.getConfiguration().getNetworkInputs();
        Map<String, INDArray> outputs = new HashMap<>();
        List<INDArray> out = new ArrayList<>(layers.size());
        for (int j = 0; j < layers.size(); j++) {
            String in = inputNames.get(j);
            INDArray x = resolve(in, probe, netInputs, outputs);
            InputPreProcessor p = preProcessors.get(j);
            if (p != null) {
                x = p.preProcess(x, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
            }
            INDArray s = layers.get(j).probe().hiddenStates(x);
            out.add(s);
            outputs.put(layers.get(j).name(), s.tensorAlongDimension(s.size(0) - 1, 1, 2));
        }
        return out;
    }
}
