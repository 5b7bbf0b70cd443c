package org.meanode.monitor;

import org.meanode.conf.BaseScaledResidual;

/**
 * (L, M, D, α, σ_u, σ_v, σ) of a monitored network, read from its first plugin layer's
 * configuration.
 *
 * @param depth        L
 * @param width        M
 * @param embeddingDim D
 * @param alpha        α
 * @param sigmaU       σ_u
 * @param sigmaV       σ_v
 * @param activation   σ, as DL4J names it
 */
record RunShape(int depth, int width, long embeddingDim, double alpha, double sigmaU, double sigmaV, String activation) {

    /**
     * @param layer the first monitored layer
     * @return its shape
     * @throws IllegalArgumentException for a layer whose configuration this listener does not know
     */
    static RunShape of(MonitoredLayer layer) {
        Object conf = layer.layer().conf().getLayer();
        if (conf instanceof BaseScaledResidual r) {
            return new RunShape(r.getDepth(), r.getWidth(), r.getEmbeddingDim(), r.getAlpha(), r.getSigmaU(), r.getSigmaV(),
                    String.valueOf(r.getActivation()));
        }
        throw new IllegalArgumentException("FeatureMovementListener: cannot read (L, M, D, alpha) from layer '" + layer.name()
                + "' of configuration " + conf.getClass().getName() + "; it supports ScaledResidualBlock and ScaledResidualStack");
    }
}
