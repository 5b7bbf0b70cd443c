package org.meanode.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.GenericResidualBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link GenericResidualBlock}: [minibatch, D] → [minibatch, D],
 * h + (α/(L·M)) Σ_j φ(h, Z_j). Parameters are [rows, M] per unit block ({@code getParam(key)}).
 */
public class GenericResidualBlockLayer extends BaseGenericResidualLayer<GenericResidualBlock> {
    private static final long serialVersionUID = 1L;

    /**
     * @param conf     the network-level configuration holding a {@link GenericResidualBlock}
     * @param dataType the parameter data type
     */
    public GenericResidualBlockLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray as3d(INDArray w) {
        return w.reshape('c', 1, w.size(0), w.size(1));
    }
}
