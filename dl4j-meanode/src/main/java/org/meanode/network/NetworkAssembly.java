package org.meanode.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.conf.ResidualDepth;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Assembles a {@link MeanOdeResNet} spec into DL4J configurations: input [N, d_in] → embedding
 * x_0 = W_E·input ([N, D]) → residual part ([N, D] → [N, D]: {@link FiniteAssembly} or
 * {@link LimitAssembly}) → readout W_U·x ([N, d_out]) → loss layer (MSE by default, or the spec's output activation and
 * loss), with the network's seed, data
 * type, updater and workspace mode; then checks every residual layer's depth L.
 *
 * <p>Contributors: what sits around the residual part (embedding, readout, loss, global settings)
 * changes here; the same layer list serves the MultiLayerConfiguration and the
 * ComputationGraphConfiguration, so both always hold the same network.
 */
final class NetworkAssembly {
    /** What seed 0 is passed to DL4J as (see {@link #dl4jSeed(long)}). */
    static final long ZERO_SEED = 0x9E3779B97F4A7C15L;

    private NetworkAssembly() {
    }

    /**
     * The seed handed to DL4J, which seeds ND4J's generator with it when the network is
     * initialised. ND4J 1.0.0-M2.1 does not give reproducible draws for seed 0 (two networks built
     * with seed 0 differed), so 0 is passed on as a fixed non-zero constant.
     */
    static long dl4jSeed(long seed) {
        return seed != 0 ? seed : ZERO_SEED;
    }

    static NeuralNetConfiguration.Builder base(MeanOdeResNet spec) {
        return new NeuralNetConfiguration.Builder()
                .seed(dl4jSeed(spec.getSeed()))
                .dataType(spec.getDataType())
                .updater(spec.getUpdater())
                .trainingWorkspaceMode(spec.getWorkspaceMode())
                .inferenceWorkspaceMode(spec.getWorkspaceMode())
                .miniBatch(true);
    }

    private static List<Layer> layers(MeanOdeResNet spec) {
        List<Layer> out = new ArrayList<>();
        out.add(new MeanOdeEmbedding.Builder().nIn(spec.getNIn()).nOut(spec.getEmbeddingDim())
                .trainable(spec.isTrainableEmbedding()).name(MeanOdeResNet.EMBEDDING).build());
        if (spec.isLimit()) {
            out.add(LimitAssembly.layer(spec));
        } else {
            out.addAll(FiniteAssembly.layers(spec));
        }
        out.add(new MeanOdeReadout.Builder().nIn(spec.getEmbeddingDim()).nOut(spec.getNOut())
                .trainable(spec.isTrainableReadout()).name(MeanOdeResNet.READOUT).build());
        out.add(lossLayer(spec.getLossFunction(), spec.getOutputActivation(), spec.getNOut()));
        return out;
    }

    /**
     * @param loss       the loss function
     * @param activation the output activation
     * @param nOut       d_out
     * @return the network's output layer, with its real size: DL4J leaves a LossLayer's sizes at 0 and
     *         then logs "InputType - Assigning a size of zero" on every build (it has no parameters,
     *         nIn = nOut = d_out)
     */
    static LossLayer lossLayer(ILossFunction loss, IActivation activation, long nOut) {
        LossLayer layer = new LossLayer.Builder(loss).activation(activation).name(MeanOdeResNet.LOSS).build();
        layer.setNIn(nOut);
        layer.setNOut(nOut);
        return layer;
    }

    static MultiLayerConfiguration multiLayerConfiguration(MeanOdeResNet spec) {
        NeuralNetConfiguration.ListBuilder lb = base(spec).list();
        List<Layer> ls = layers(spec);
        for (int i = 0; i < ls.size(); i++) {
            lb.layer(i, ls.get(i));
        }
        MultiLayerConfiguration conf = lb.setInputType(InputType.feedForward(spec.getNIn())).build();
        checkDepths(conf);
        return conf;
    }

    static ComputationGraphConfiguration graphConfiguration(MeanOdeResNet spec) {
        ComputationGraphConfiguration.GraphBuilder gb = base(spec).graphBuilder().addInputs(MeanOdeResNet.INPUT);
        String prev = MeanOdeResNet.INPUT;
        for (Layer l : layers(spec)) {
            gb.addLayer(l.getLayerName(), l, prev);
            prev = l.getLayerName();
        }
        ComputationGraphConfiguration conf = gb.setOutputs(MeanOdeResNet.LOSS)
                .setInputTypes(InputType.feedForward(spec.getNIn())).build();
        checkDepths(conf);
        return conf;
    }

    /** @see MeanOdeResNet#checkDepths(MultiLayerConfiguration) */
    static void checkDepths(MultiLayerConfiguration conf) {
        List<ResidualDepth> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NeuralNetConfiguration c : conf.getConfs()) {
            collect(c.getLayer(), layers, names);
        }
        checkDepths(layers, names);
    }

    /** @see MeanOdeResNet#checkDepths(ComputationGraphConfiguration) */
    static void checkDepths(ComputationGraphConfiguration conf) {
        List<ResidualDepth> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (var e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                collect(lv.getLayerConf().getLayer(), layers, names);
            }
        }
        checkDepths(layers, names);
    }

    private static void collect(Layer l, List<ResidualDepth> layers, List<String> names) {
        if (l instanceof ResidualDepth r) {
            layers.add(r);
            names.add(l.getLayerName());
        }
    }

    private static void checkDepths(List<ResidualDepth> layers, List<String> names) {
        int total = 0;
        for (ResidualDepth r : layers) {
            total += r.numBlocks();
        }
        for (int i = 0; i < layers.size(); i++) {
            ResidualDepth r = layers.get(i);
            if (r.getDepth() != total) {
                throw new IllegalArgumentException(r.getClass().getSimpleName() + " '" + names.get(i) + "' has depth L = "
                        + r.getDepth() + " but the network holds " + total + " residual blocks; build every block and stack"
                        + " with .depth(" + total + ") (α/(L·M) and the learning-rate rule depend on L)");
            }
        }
    }
}
