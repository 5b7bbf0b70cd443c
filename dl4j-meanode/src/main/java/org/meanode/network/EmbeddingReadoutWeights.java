package org.meanode.network;

import java.util.Arrays;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.layers.MeanOdeEmbeddingLayer;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.layers.MeanOdeReadoutLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The embedding W_E : [D, d_in] and readout W_U : [D, d_out] of any network built by
 * {@link MeanOdeResNet} — finite (stack or blocks) or limit ({@link org.meanode.conf.MeanOdeLayer})
 * — in the paper's layout, so that finite networks and their limit can share them:
 * <pre>{@code
 * EmbeddingReadoutWeights.readFrom(finiteNet).writeTo(limitNet);
 * }</pre>
 * For the residual weights use {@link ResNetWeights} (finite networks) or
 * {@link MeanOdeLayerRuntime#getU(int)} / {@link MeanOdeLayerRuntime#setU(int, INDArray)} (limit).
 * Arrays are copies.
 */
public final class EmbeddingReadoutWeights {
    private final INDArray embedding;
    private final INDArray readout;

    /**
     * @param embedding W_E, [D, d_in]
     * @param readout   W_U, [D, d_out]
     */
    public EmbeddingReadoutWeights(INDArray embedding, INDArray readout) {
        if (embedding.rank() != 2 || readout.rank() != 2 || embedding.size(0) != readout.size(0)) {
            throw new IllegalArgumentException("EmbeddingReadoutWeights: embedding must be [D, d_in] and readout"
                    + " [D, d_out] with the same D, got " + Arrays.toString(embedding.shape()) + " and "
                    + Arrays.toString(readout.shape()));
        }
        this.embedding = embedding;
        this.readout = readout;
    }

    /** @return W_E, [D, d_in] */
    public INDArray getEmbedding() {
        return embedding;
    }

    /** @return W_U, [D, d_out] */
    public INDArray getReadout() {
        return readout;
    }

    /**
     * @param net a MultiLayerNetwork or ComputationGraph with a MeanOdeEmbedding and a MeanOdeReadout
     * @return copies of W_E and W_U
     */
    public static EmbeddingReadoutWeights readFrom(Model net) {
        return new EmbeddingReadoutWeights(find(net, MeanOdeEmbeddingLayer.class).getEmbeddingMatrix(),
                find(net, MeanOdeReadoutLayer.class).getReadoutMatrix());
    }

    /**
     * Copies W_E and W_U into a network with the same d_in, D and d_out.
     *
     * @param net the destination
     */
    public void writeTo(Model net) {
        find(net, MeanOdeEmbeddingLayer.class).setEmbeddingMatrix(embedding);
        find(net, MeanOdeReadoutLayer.class).setReadoutMatrix(readout);
    }

    /**
     * @param net a MultiLayerNetwork or ComputationGraph
     * @return its {@link MeanOdeLayerRuntime}
     * @throws IllegalArgumentException if it has none (or several)
     */
    public static MeanOdeLayerRuntime limitLayer(Model net) {
        return find(net, MeanOdeLayerRuntime.class);
    }

    static <T extends Layer> T find(Model net, Class<T> type) {
        Layer[] layers;
        if (net instanceof MultiLayerNetwork m) {
            layers = m.getLayers();
        } else if (net instanceof ComputationGraph g) {
            layers = g.getLayers();
        } else {
            throw new IllegalArgumentException("expected a MultiLayerNetwork or ComputationGraph, got "
                    + (net == null ? "null" : net.getClass().getName()));
        }
        T found = null;
        for (Layer l : layers) {
            if (type.isInstance(l)) {
                if (found != null) {
                    throw new IllegalArgumentException("the network holds more than one " + type.getSimpleName()
                            + "; build it with MeanOdeResNet");
                }
                found = type.cast(l);
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("the network has no " + type.getSimpleName() + "; build it with MeanOdeResNet");
        }
        return found;
    }
}
