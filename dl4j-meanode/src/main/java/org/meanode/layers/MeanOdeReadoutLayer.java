package org.meanode.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.params.ScaledDenseParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link MeanOdeReadout}: y = h W_U / D, [minibatch, D] → [minibatch, d_out]. */
public class MeanOdeReadoutLayer extends BaseScaledDenseLayer<MeanOdeReadout> {
    private static final long serialVersionUID = 1L;

    /**
     * @param conf     the network-level configuration holding a {@link MeanOdeReadout}
     * @param dataType the parameter data type
     */
    public MeanOdeReadoutLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return a copy of W_U, [D, d_out] */
    public INDArray getReadoutMatrix() {
        return getParam(ScaledDenseParams.W_KEY).dup('c');
    }

    /** @param wU new W_U, [D, d_out] (copied into the parameters) */
    public void setReadoutMatrix(INDArray wU) {
        INDArray p = getParam(ScaledDenseParams.W_KEY);
        if (!java.util.Arrays.equals(p.shape(), wU.shape())) {
            throw new IllegalArgumentException("W_U: expected shape " + java.util.Arrays.toString(p.shape())
                    + " ([D, d_out]), got " + java.util.Arrays.toString(wU.shape()));
        }
        p.assign(wU);
    }
}
