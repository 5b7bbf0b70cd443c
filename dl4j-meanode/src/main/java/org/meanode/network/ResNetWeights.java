package org.meanode.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.layers.MeanOdeEmbeddingLayer;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.layers.MeanOdeReadoutLayer;
import org.meanode.layers.ScaledResidualBlockLayer;
import org.meanode.layers.ScaledResidualStackLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * All weights of a network of MODEL.md in the paper's layout, to match an external reference
 * or to copy weights between a fused and an unfused network:
 * <ul>
 *   <li>{@code embedding} W_E : [D, d_in]</li>
 *   <li>{@code u}, {@code v} : [D, M, L] (block l is {@code [:, :, l]})</li>
 *   <li>{@code readout} W_U : [D, d_out]</li>
 * </ul>
 * Arrays are copies: changing them does not change a network until {@link #writeTo} is called.
 */
public final class ResNetWeights {
    private final INDArray embedding;
    private final INDArray u;
    private final INDArray v;
    private final INDArray readout;

    /**
     * @param embedding W_E, [D, d_in]
     * @param u         U, [D, M, L]
     * @param v         V, [D, M, L]
     * @param readout   W_U, [D, d_out]
     */
    public ResNetWeights(INDArray embedding, INDArray u, INDArray v, INDArray readout) {
        if (u.rank() != 3 || !Arrays.equals(u.shape(), v.shape())) {
            throw new IllegalArgumentException("ResNetWeights: u and v must both be [D, M, L], got u "
                    + Arrays.toString(u.shape()) + ", v " + Arrays.toString(v.shape()));
        }
        if (embedding.rank() != 2 || readout.rank() != 2 || embedding.size(0) != u.size(0) || readout.size(0) != u.size(0)) {
            throw new IllegalArgumentException("ResNetWeights: embedding must be [D, d_in] and readout [D, d_out] with D = "
                    + u.size(0) + ", got " + Arrays.toString(embedding.shape()) + " and " + Arrays.toString(readout.shape()));
        }
        this.embedding = embedding;
        this.u = u;
        this.v = v;
        this.readout = readout;
    }

    public INDArray getEmbedding() {
        return embedding;
    }

    public INDArray getU() {
        return u;
    }

    public INDArray getV() {
        return v;
    }

    public INDArray getReadout() {
        return readout;
    }

    /**
     * @param net a network built by {@link MeanOdeResNet} (fused or not), MultiLayerNetwork or ComputationGraph
     * @return copies of its weights
     */
    public static ResNetWeights readFrom(Model net) {
        Parts p = parts(net);
        List<INDArray> us = new ArrayList<>();
        List<INDArray> vs = new ArrayList<>();
        for (Layer l : p.residual) {
            if (l instanceof ScaledResidualStackLayer s) {
                us.add(s.getU());
                vs.add(s.getV());
            } else {
                ScaledResidualBlockLayer b = (ScaledResidualBlockLayer) l;
                us.add(b.getU().reshape(b.getU().size(0), b.getU().size(1), 1));
                vs.add(b.getV().reshape(b.getV().size(0), b.getV().size(1), 1));
            }
        }
        INDArray u = Nd4j.concat(2, us.toArray(new INDArray[0])).dup('c');
        INDArray v = Nd4j.concat(2, vs.toArray(new INDArray[0])).dup('c');
        return new ResNetWeights(p.embedding.getEmbeddingMatrix(), u, v, p.readout.getReadoutMatrix());
    }

    /**
     * Copies these weights into a network built by {@link MeanOdeResNet} with the same sizes.
     *
     * @param net the destination
     */
    public void writeTo(Model net) {
        Parts p = parts(net);
        p.embedding.setEmbeddingMatrix(embedding);
        p.readout.setReadoutMatrix(readout);
        long total = 0;
        for (Layer l : p.residual) {
            total += l instanceof ScaledResidualStackLayer s ? s.getParam("U").size(0) : 1;
        }
        if (total != u.size(2)) {
            throw new IllegalArgumentException("ResNetWeights: u has L = " + u.size(2) + " blocks, the network " + total);
        }
        long at = 0;
        for (Layer l : p.residual) {
            if (l instanceof ScaledResidualStackLayer s) {
                long nb = s.getParam("U").size(0);
                s.setU(u.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(at, at + nb)));
                s.setV(v.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(at, at + nb)));
                at += nb;
            } else {
                ScaledResidualBlockLayer b = (ScaledResidualBlockLayer) l;
                b.setU(u.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(at)));
                b.setV(v.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(at)));
                at++;
            }
        }
    }

    private record Parts(MeanOdeEmbeddingLayer embedding, List<Layer> residual, MeanOdeReadoutLayer readout) {
    }

    private static Parts parts(Model net) {
        Layer[] layers;
        if (net instanceof MultiLayerNetwork m) {
            layers = m.getLayers();
        } else if (net instanceof ComputationGraph g) {
            layers = g.getLayers();
            Arrays.sort(layers, (a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        } else {
            throw new IllegalArgumentException("ResNetWeights: expected a MultiLayerNetwork or ComputationGraph, got "
                    + (net == null ? "null" : net.getClass().getName()));
        }
        MeanOdeEmbeddingLayer e = null;
        MeanOdeReadoutLayer r = null;
        List<Layer> res = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof MeanOdeEmbeddingLayer x) {
                e = x;
            } else if (l instanceof MeanOdeReadoutLayer x) {
                r = x;
            } else if (l instanceof ScaledResidualStackLayer || l instanceof ScaledResidualBlockLayer) {
                res.add(l);
            }
        }
        if (res.isEmpty() && Arrays.stream(layers).anyMatch(l -> l instanceof MeanOdeLayerRuntime)) {
            throw new IllegalArgumentException("ResNetWeights: this is a limit network (MeanOdeLayer), which has no"
                    + " [D, M, L] blocks; use EmbeddingReadoutWeights for W_E and W_U and MeanOdeLayerRuntime.getU/setU"
                    + " for the units");
        }
        if (e == null || r == null || res.isEmpty()) {
            throw new IllegalArgumentException("ResNetWeights: the network lacks a MeanOdeEmbedding, a residual layer or a"
                    + " MeanOdeReadout; build it with MeanOdeResNet");
        }
        return new Parts(e, res, r);
    }
}
