package org.meanode.conf;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.exception.DL4JInvalidConfigException;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.meanode.scaling.LearningRateRule;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitOps;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What the residual layer configurations ({@link BaseScaledResidual}, {@link MeanOdeLayer})
 * share: the input-type check, the per-block updater of {@link LearningRateRule} and the memory
 * report of the kernel they all run on.
 */
final class ResidualConfigs {
    /** Counts arrays as if every activation kept its input: an upper bound of what the kernel stores. */
    private static final UnitOps UPPER_BOUND = new UnitOps() {
        @Override
        public void gemm(INDArray a, boolean ta, INDArray b, boolean tb, INDArray c, double alpha, double beta) {
            throw new UnsupportedOperationException("counting only");
        }

        @Override
        public boolean keepsInput(IActivation f) {
            return true;
        }

        @Override
        public void activate(IActivation f, INDArray pre, INDArray act, boolean training) {
            throw new UnsupportedOperationException("counting only");
        }

        @Override
        public INDArray activationGrad(IActivation f, INDArray pre, INDArray act, INDArray dAct, INDArray tmp) {
            throw new UnsupportedOperationException("counting only");
        }

        @Override
        public void mul(INDArray a, INDArray b, INDArray out) {
            throw new UnsupportedOperationException("counting only");
        }

        @Override
        public void addRow(INDArray m, INDArray row) {
            throw new UnsupportedOperationException("counting only");
        }

        @Override
        public void columnSums(INDArray m, INDArray row) {
            throw new UnsupportedOperationException("counting only");
        }
    };

    private ResidualConfigs() {
    }

    /**
     * @throws DL4JInvalidConfigException unless the input is feed-forward of size D = nIn
     */
    static void checkInputType(FeedForwardLayer layer, int layerIndex, InputType inputType) {
        String owner = layer.getClass().getSimpleName();
        long d = layer.getNIn();
        if (inputType == null || inputType.getType() != InputType.Type.FF) {
            throw new DL4JInvalidConfigException(owner + " (layer '" + layer.getLayerName() + "', index " + layerIndex
                    + ") needs feed-forward input of size D = " + d + ", got input type " + inputType);
        }
        long size = ((InputType.InputTypeFeedForward) inputType).getSize();
        if (size != d) {
            throw new DL4JInvalidConfigException(owner + " (layer '" + layer.getLayerName() + "', index " + layerIndex
                    + "): input size " + size + " differs from embeddingDim D = " + d
                    + "; put a MeanOdeEmbedding (nIn -> D) before it or set .embeddingDim(" + size + ")");
        }
    }

    /**
     * @param layer      the layer (its updater and bias updater)
     * @param p          the unit's parameter block
     * @param residualSgd the Sgd multiplier of a unit of the layer (before the block's sgdFactor)
     * @param alpha      α
     * @return the block's updater: Sgd/Nesterovs residualSgd × sgdFactor, adaptive initStd/α
     */
    static IUpdater updater(FeedForwardLayer layer, UnitParam p, double residualSgd, double alpha) {
        IUpdater base = p.bias() && layer.getBiasUpdater() != null ? layer.getBiasUpdater() : layer.getIUpdater();
        return LearningRateRule.scale(base, residualSgd * p.sgdFactor(), LearningRateRule.adaptive(p.initStd(), alpha));
    }

    /**
     * Memory of the {@code org.meanode.layers.ResidualKernel} per example (upper bound: every
     * activation's input counted as kept): kept states (⌈nb/k⌉ + k)·D, stage inputs k·(r − 1)·D,
     * the unit's stored arrays for k·r stages, backward gradient D (plus (r + 2)·D for r &gt; 1) and
     * the unit's scratch. The report's input and output types are the layer's: feed-forward of size
     * D, or for a {@link org.meanode.units.SpatialUnit} such as the ConvUnit DL4J's convolutional
     * C×H×W (NCHW), with D = C·H·W in the counts above.
     *
     * @throws DL4JInvalidConfigException for an input type the layer does not accept (as
     *         {@code getOutputType} does)
     */
    static LayerMemoryReport memoryReport(FeedForwardLayer layer, InputType inputType, long params, UnitFunction unit,
                                          int nb, int interval, int stages, int units) {
        long d = layer.getNIn();
        int k = interval <= 0 ? nb : Math.min(interval, nb);
        long segments = (nb + k - 1L) / k;
        long stored = Arrays.stream(unit.storedColumns(d, units, UPPER_BOUND)).sum();
        long scratch = Arrays.stream(unit.scratchColumns(d, units, UPPER_BOUND)).sum();
        long perExample = (segments + k) * d + (long) k * (stages - 1) * d + (long) k * stages * stored + d
                + (stages > 1 ? (stages + 2L) * d : 0) + scratch;
        IUpdater u = layer.getIUpdater();
        long updaterState = u == null ? 0 : u.stateSize(params);
        // The layer's own output type: feed-forward D, or for a spatial unit (ConvUnit) convolutional C×H×W (NCHW).
        InputType outputType = layer.getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layer.getLayerName(), layer.getClass(), inputType, outputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, perExample, 0, perExample)
                .cacheMemory(0, 0)
                .build();
    }

    /**
     * @return the unit's block of that key
     * @throws IllegalArgumentException naming the layer and the unit's keys
     */
    static UnitParam unitParam(String owner, List<UnitParam> ps, UnitFunction unit, String key) {
        for (UnitParam p : ps) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException(owner + ": unknown parameter '" + key + "'; the unit " + unit + " has "
                + ps.stream().map(UnitParam::key).toList());
    }
}
