package org.meanode.examples.digits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.GraphConfiguration;
import org.deeplearning4j.arbiter.optimize.api.AbstractParameterSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.meanode.arbiter.CandidateHyperparameters;
import org.meanode.arbiter.LogUniformSpace;

/**
 * Arbiter space over the global learning rate η of a {@link StockResNet} of fixed size: each
 * candidate is a {@link GraphConfiguration} (Arbiter's candidate type for graphs) that names its η
 * for the search records.
 */
public final class StockResNetSpace extends AbstractParameterSpace<GraphConfiguration> {
    private int nIn;
    private int nOut;
    private int embeddingDim;
    private int depth;
    private int width;
    private int numEpochs;
    private long seed;
    private ParameterSpace<Double> learningRate;

    /** For JSON. */
    private StockResNetSpace() {
    }

    /**
     * @param nIn          d_in
     * @param nOut         classes
     * @param embeddingDim D
     * @param depth        L
     * @param width        M
     * @param etaMin       smallest η
     * @param etaMax       largest η (log scale in between)
     * @param numEpochs    epochs per candidate
     * @param seed         seed of every candidate's weights
     */
    public StockResNetSpace(int nIn, int nOut, int embeddingDim, int depth, int width, double etaMin, double etaMax,
                            int numEpochs, long seed) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.embeddingDim = embeddingDim;
        this.depth = depth;
        this.width = width;
        this.numEpochs = numEpochs;
        this.seed = seed;
        this.learningRate = new LogUniformSpace(etaMin, etaMax);
    }

    /** A stock candidate that names its hyperparameters. */
    public static final class Candidate extends GraphConfiguration implements CandidateHyperparameters {
        private static final long serialVersionUID = 1L;
        private final Map<String, Object> values;

        Candidate(StockResNetSpace s, double eta) {
            super(StockResNet.configuration(s.nIn, s.nOut, s.embeddingDim, s.depth, s.width, eta, s.seed), null, s.numEpochs);
            values = new LinkedHashMap<>();
            values.put("network", "stock DL4J (Xavier, one global Sgd rate)");
            values.put("D", s.embeddingDim);
            values.put("L", s.depth);
            values.put("M", s.width);
            values.put("eta", eta);
            values.put("seed", s.seed);
            values.put("epochs", s.numEpochs);
        }

        @Override
        public Map<String, Object> hyperparameters() {
            return new LinkedHashMap<>(values);
        }
    }

    @Override
    public GraphConfiguration getValue(double[] values) {
        return new Candidate(this, learningRate.getValue(values));
    }

    @Override
    public int numParameters() {
        return learningRate.numParameters();
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        return learningRate.collectLeaves();
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        Map<String, ParameterSpace> m = new LinkedHashMap<>();
        m.put("learningRate", learningRate);
        return m;
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("StockResNetSpace is not a leaf: the candidate generator numbers its leaves");
    }
}
