package org.meanode.arbiter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.deeplearning4j.arbiter.GraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.meanode.conf.BaseScaledResidual;
import org.meanode.units.ConvUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The hyperparameters of a candidate built by Arbiter's own spaces (a {@code MultiLayerSpace} or
 * {@code ComputationGraphSpace} holding a scaled residual layer space, e.g. a conv stack with a
 * {@link ConvUnitSpace}), read from the network's first {@link BaseScaledResidual} layer for the
 * records of {@link MeanOdeTaskCreator}: the keys of {@link MeanOdeConfiguration#hyperparameters()}
 * where they apply (D, L, M, alpha, sigmaU, sigmaV of the unit's blocks "U" and "V", eta: the
 * layer's base learning rate before the rate rule, C and k for a {@link ConvUnit}, activation: the
 * unit, updater, seed, epochs).
 */
final class ResidualHyperparameters {
    private ResidualHyperparameters() {
    }

    /**
     * @param conf a candidate configuration
     * @return its hyperparameters; empty when it holds no scaled residual layer
     */
    static Map<String, Object> of(Object conf) {
        if (conf instanceof DL4JConfiguration c && c.getMultiLayerConfiguration() != null) {
            return of(c.getMultiLayerConfiguration().getConfs().stream().map(n -> n.getLayer()).toList(), c.getNumEpochs());
        }
        if (conf instanceof GraphConfiguration g && g.getConfiguration() != null) {
            return of(g.getConfiguration().getVertices().values().stream().filter(v -> v instanceof LayerVertex)
                    .map(v -> ((LayerVertex) v).getLayerConf().getLayer()).toList(), g.getNumEpochs());
        }
        return Map.of();
    }

    private static Map<String, Object> of(List<Layer> layers, Integer epochs) {
        for (Layer l : layers) {
            if (l instanceof BaseScaledResidual r) {
                Map<String, Object> m = new LinkedHashMap<>();
                UnitFunction unit = r.effectiveUnit();
                m.put("D", r.getEmbeddingDim());
                m.put("L", r.getDepth());
                m.put("M", r.getWidth());
                m.put("alpha", r.getAlpha());
                putStd(m, "sigmaU", unit, "U", r.getEmbeddingDim());
                putStd(m, "sigmaV", unit, "V", r.getEmbeddingDim());
                IUpdater u = r.getIUpdater();
                if (u != null && u.hasLearningRate()) {
                    m.put("eta", u.getLearningRate(0, 0));
                }
                if (unit instanceof ConvUnit c) {
                    m.put("C", c.getChannels());
                    m.put("k", c.getKernelSize());
                }
                m.put("activation", r.getUnit() != null ? String.valueOf(unit) : String.valueOf(r.getActivation()));
                if (u != null) {
                    m.put("updater", u.getClass().getSimpleName());
                }
                if (r.getSeed() != null) {
                    m.put("seed", r.getSeed());
                }
                if (epochs != null) {
                    m.put("epochs", epochs);
                }
                return m;
            }
        }
        return Map.of();
    }

    private static void putStd(Map<String, Object> m, String name, UnitFunction unit, String key, long d) {
        for (UnitParam p : unit.params(d)) {
            if (p.key().equals(key)) {
                m.put(name, p.initStd());
            }
        }
    }
}
