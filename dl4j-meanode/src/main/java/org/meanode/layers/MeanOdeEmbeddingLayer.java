package org.meanode.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.params.ScaledDenseParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runtime of {@link MeanOdeEmbedding}: h_0 = x W_Eᵀ, [minibatch, d_in] → [minibatch, D]. */
public class MeanOdeEmbeddingLayer extends BaseScaledDenseLayer<MeanOdeEmbedding> {
    private static final long serialVersionUID = 1L;

    /**
     * @param conf     the network-level configuration holding a {@link MeanOdeEmbedding}
     * @param dataType the parameter data type
     */
    public MeanOdeEmbeddingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** @return a copy of W_E in MODEL.md's layout [D, d_in] */
    public INDArray getEmbeddingMatrix() {
        return getParam(ScaledDenseParams.W_KEY).transpose().dup('c');
    }

    /** @param wE new W_E, [D, d_in] (copied into the parameters) */
    public void setEmbeddingMatrix(INDArray wE) {
        INDArray p = getParam(ScaledDenseParams.W_KEY);
        if (wE.rank() != 2 || wE.size(0) != p.size(1) || wE.size(1) != p.size(0)) {
            throw new IllegalArgumentException("W_E: expected shape [" + p.size(1) + ", " + p.size(0)
                    + "] ([D, d_in]), got " + java.util.Arrays.toString(wE.shape()));
        }
        p.assign(wE.transpose());
    }
}
