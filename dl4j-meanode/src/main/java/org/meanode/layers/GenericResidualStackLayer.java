package org.meanode.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.GenericResidualStack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link GenericResidualStack}: L generic blocks fused, [minibatch, D] →
 * [minibatch, D]. Parameters are [L, rows, M] per unit block ({@code getParam(key)}; block l is
 * slice l, unit j its column j).
 */
public class GenericResidualStackLayer extends BaseGenericResidualLayer<GenericResidualStack> {
    private static final long serialVersionUID = 1L;

    /**
     * @param conf     the network-level configuration holding a {@link GenericResidualStack}
     * @param dataType the parameter data type
     */
    public GenericResidualStackLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray as3d(INDArray w) {
        return w;
    }
}
