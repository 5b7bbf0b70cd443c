package org.meanode.arbiter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.DL4JConfiguration;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A candidate of {@link MeanOdeResNetSpace}: Arbiter's {@link DL4JConfiguration} (the
 * MultiLayerConfiguration built by {@link MeanOdeResNet}, trained for a fixed number of epochs),
 * plus the sampled hyperparameters in plain fields for reports and provenance. Arbiter's
 * {@code MultiLayerNetworkTaskCreator}, {@code FileModelSaver} and UI accept it as a
 * DL4JConfiguration.
 */
public class MeanOdeConfiguration extends DL4JConfiguration implements CandidateHyperparameters {
    private static final long serialVersionUID = 1L;

    private final long embeddingDim;
    private final int depth;
    private final int width;
    private final double alpha;
    private final double sigmaU;
    private final double sigmaV;
    private final double learningRate;
    private final String regime;
    private final String activation;
    private final String updater;
    private final long seed;

    /**
     * @param spec      the network specification the configuration was built from
     * @param numEpochs epochs each candidate trains for
     */
    public MeanOdeConfiguration(MeanOdeResNet spec, int numEpochs) {
        super(spec.multiLayerConfiguration(), null, numEpochs);
        this.embeddingDim = spec.getEmbeddingDim();
        this.depth = spec.getDepth();
        this.width = spec.getWidth();
        this.alpha = spec.getAlpha();
        this.sigmaU = spec.getSigmaU();
        this.sigmaV = spec.getSigmaV();
        IUpdater u = spec.getUpdater();
        this.learningRate = u instanceof Sgd s ? s.getLearningRate() : u.getLearningRate(0, 0);
        this.regime = spec.getRegime().name();
        this.activation = String.valueOf(spec.getActivation());
        this.updater = u.getClass().getSimpleName();
        this.seed = spec.getSeed();
    }

    /**
     * @return the sampled hyperparameters in a fixed order: D, L, M, alpha, sigmaU, sigmaV, eta,
     *     regime, activation, updater, seed, epochs
     */
    @Override
    public Map<String, Object> hyperparameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("D", embeddingDim);
        m.put("L", depth);
        m.put("M", width);
        m.put("alpha", alpha);
        m.put("sigmaU", sigmaU);
        m.put("sigmaV", sigmaV);
        m.put("eta", learningRate);
        m.put("regime", regime);
        m.put("activation", activation);
        m.put("updater", updater);
        m.put("seed", seed);
        m.put("epochs", getNumEpochs());
        return m;
    }

    public long getEmbeddingDim() {
        return embeddingDim;
    }

    public int getDepth() {
        return depth;
    }

    public int getWidth() {
        return width;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getSigmaU() {
        return sigmaU;
    }

    public double getSigmaV() {
        return sigmaV;
    }

    /** @return the base learning rate η of the network's updater */
    public double getLearningRate() {
        return learningRate;
    }

    /** @return the regime preset's name (its α and σ apply where the space sets none) */
    public String getRegime() {
        return regime;
    }

    public String getActivation() {
        return activation;
    }

    public long getSeed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MeanOdeConfiguration c) || !super.equals(o)) {
            return false;
        }
        return embeddingDim == c.embeddingDim && depth == c.depth && width == c.width
                && Double.compare(alpha, c.alpha) == 0 && Double.compare(sigmaU, c.sigmaU) == 0
                && Double.compare(sigmaV, c.sigmaV) == 0 && Double.compare(learningRate, c.learningRate) == 0
                && regime.equals(c.regime) && activation.equals(c.activation) && updater.equals(c.updater) && seed == c.seed;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof MeanOdeConfiguration;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), embeddingDim, depth, width, alpha, sigmaU, sigmaV, learningRate, regime,
                activation, updater, seed);
    }

    @Override
    public String toString() {
        return "MeanOdeConfiguration" + hyperparameters();
    }
}
