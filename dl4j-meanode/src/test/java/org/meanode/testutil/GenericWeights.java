package org.meanode.testutil;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.layers.ScaledResidualBlockLayer;
import org.meanode.layers.ScaledResidualStackLayer;
import org.meanode.layers.MeanOdeEmbeddingLayer;
import org.meanode.layers.MeanOdeReadoutLayer;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Copies the weights of a {@link ReferenceGenericResNet} into a network of generic layers
 * (fused stack or blocks named "block{l}"), and reads unit blocks back in the stack layout.
 */
public final class GenericWeights {
    private GenericWeights() {
    }

    private static Layer[] layers(Model net) {
        return net instanceof ComputationGraph g ? g.getLayers() : ((MultiLayerNetwork) net).getLayers();
    }

    private static List<UnitParam> params(Layer layer) {
        return ((BaseScaledResidual) layer.conf().getLayer()).unitParams();
    }

    private static int blockIndex(Layer layer) {
        String name = layer.conf().getLayer().getLayerName();
        return Integer.parseInt(name.substring("block".length()));
    }

    /** Writes W_E, every unit and W_U of {@code ref} into {@code net}. */
    public static void write(ReferenceGenericResNet ref, Model net) {
        for (Layer layer : layers(net)) {
            if (layer instanceof MeanOdeEmbeddingLayer e) {
                e.setEmbeddingMatrix(Arrays2.nd(ref.wE));
            } else if (layer instanceof MeanOdeReadoutLayer r) {
                r.setReadoutMatrix(Arrays2.nd(ref.wU));
            } else if (layer instanceof ScaledResidualStackLayer) {
                List<UnitParam> ps = params(layer);
                for (int k = 0; k < ps.size(); k++) {
                    layer.getParam(ps.get(k).key()).assign(Arrays2.nd(ref.block(k)));
                }
            } else if (layer instanceof ScaledResidualBlockLayer) {
                List<UnitParam> ps = params(layer);
                int l = blockIndex(layer);
                for (int k = 0; k < ps.size(); k++) {
                    layer.getParam(ps.get(k).key()).assign(Arrays2.nd(ref.block(k)[l]));
                }
            }
        }
    }

    /**
     * @param net a network of generic layers
     * @param k   parameter block of the unit
     * @param nb  L
     * @return block k of every unit, [L, rows, M], copied
     */
    public static INDArray read(Model net, int k, int nb) {
        INDArray out = null;
        for (Layer layer : layers(net)) {
            if (layer instanceof ScaledResidualStackLayer) {
                return layer.getParam(params(layer).get(k).key()).dup('c');
            }
            if (layer instanceof ScaledResidualBlockLayer) {
                INDArray p = layer.getParam(params(layer).get(k).key());
                if (out == null) {
                    out = org.nd4j.linalg.factory.Nd4j.create(p.dataType(), nb, p.size(0), p.size(1));
                }
                out.get(NDArrayIndex.point(blockIndex(layer)), NDArrayIndex.all(), NDArrayIndex.all()).assign(p);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("no generic residual layer in the network");
        }
        return out;
    }
}
