package org.meanode.monitor;

import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * A training listener that stops training at the first non-finite loss or parameter: it throws a
 * {@link DivergenceException} from {@code fit()} naming the iteration, the epoch and the first
 * layer whose parameters are NaN or ±∞ (NaN/∞ inputs, or a learning rate far too large, otherwise
 * turn every parameter into NaN without a word).
 *
 * <pre>{@code
 * net.addListeners(new DivergenceGuard());      // loss and parameters checked every iteration
 * net.addListeners(new DivergenceGuard(10));    // parameters every 10 iterations (the loss every one)
 * }</pre>
 *
 * The loss check reads the score DL4J already has; the parameter check is one reduction over each
 * layer's parameters (a fraction of a training step; use a frequency above 1 for very large layers).
 */
public final class DivergenceGuard extends BaseTrainingListener {
    private final int frequency;

    /** Checks the loss and every parameter after every iteration. */
    public DivergenceGuard() {
        this(1);
    }

    /**
     * @param frequency check the parameters every this many iterations (≥ 1); the loss is checked every iteration
     * @throws IllegalArgumentException for a frequency below 1
     */
    public DivergenceGuard(int frequency) {
        if (frequency < 1) {
            throw new IllegalArgumentException("DivergenceGuard frequency = " + frequency + " is invalid; pass 1 (every"
                    + " iteration) or more");
        }
        this.frequency = frequency;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double score = model.score();
        boolean lossBad = !Double.isFinite(score);
        if (!lossBad && iteration % frequency != 0) {
            return;
        }
        Layer[] layers = layers(model);
        int largestLayer = -1;
        String largestParam = null;
        double largest = -1;
        for (int i = 0; i < layers.length; i++) {
            for (Map.Entry<String, INDArray> p : layers[i].paramTable().entrySet()) {
                if (!finite(p.getValue())) {
                    throw diverged(iteration, epoch, score, i, name(layers[i]), p.getKey(), Double.NaN);
                }
                double m = lossBad && !p.getValue().isEmpty() ? p.getValue().amaxNumber().doubleValue() : -1;
                if (m > largest) {
                    largest = m;
                    largestLayer = i;
                    largestParam = p.getKey();
                }
            }
        }
        if (lossBad) {
            throw diverged(iteration, epoch, score, largestLayer, largestLayer < 0 ? null : name(layers[largestLayer]),
                    largestParam, largest);
        }
    }

    /** @param largest NaN when the named parameter is non-finite, else the largest |θ| (parameters all finite) */
    private static DivergenceException diverged(int iteration, int epoch, double score, int layer, String name, String param,
                                                double largest) {
        String in = String.format(Locale.ROOT, "%s of layer %d%s", param, layer, name == null ? "" : " (" + name + ")");
        String where = layer < 0 ? "the network has no parameters: check the inputs and labels for NaN or ±∞"
                : Double.isNaN(largest) ? "first non-finite parameter: " + in
                : String.format(Locale.ROOT, "every parameter is still finite, the largest |θ| = %.3g is in %s (huge"
                        + " parameters mean a step far too large; moderate ones, NaN or ±∞ in the inputs or labels)",
                        largest, in);
        String msg = String.format(Locale.ROOT, "diverged: training loss %s at iteration %d (epoch %d); %s. Lower the"
                + " learning rate η, or check the data for NaN/∞ values", score, iteration, epoch, where);
        return new DivergenceException(msg, iteration, epoch, score, layer, name, param);
    }

    private static Layer[] layers(Model model) {
        if (model instanceof MultiLayerNetwork m) {
            return m.getLayers();
        }
        if (model instanceof ComputationGraph g) {
            return g.getLayers();
        }
        return new Layer[] {(Layer) model};
    }

    private static String name(Layer l) {
        String n = l.conf() == null || l.conf().getLayer() == null ? null : l.conf().getLayer().getLayerName();
        String type = l.conf() == null || l.conf().getLayer() == null ? l.getClass().getSimpleName()
                : l.conf().getLayer().getClass().getSimpleName();
        return n == null ? type : type + " \"" + n + "\"";
    }

    private static boolean finite(INDArray a) {
        return a.isEmpty() || !a.dataType().isFPType() || !BooleanIndexing.or(a, Conditions.notFinite());
    }

    @Override
    public String toString() {
        return "DivergenceGuard(frequency=" + frequency + ")";
    }
}
