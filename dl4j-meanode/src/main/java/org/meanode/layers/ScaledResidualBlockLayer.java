package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.params.ScaledResidualParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link ScaledResidualBlock}: [minibatch, D] → [minibatch, D],
 * h + (α/(L·M)) Σ_j φ(h, Z_j) (2LP: h + (α/(L·M)) · σ(h U / D) Vᵀ). Parameters are [rows, M]
 * per block of the unit ("U", "V": [D, M]).
 */
public class ScaledResidualBlockLayer extends BaseScaledResidualLayer<ScaledResidualBlock> {
    private static final long serialVersionUID = 1L;

    /**
     * @param conf     the network-level configuration holding a {@link ScaledResidualBlock}
     * @param dataType the parameter data type
     */
    public ScaledResidualBlockLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray u3(INDArray u) {
        return u.reshape('c', 1, u.size(0), u.size(1));
    }

    /** @return a copy of U, [D, M] */
    public INDArray getU() {
        return getParam(ScaledResidualParams.U_KEY).dup('c');
    }

    /** @return a copy of V, [D, M] */
    public INDArray getV() {
        return getParam(ScaledResidualParams.V_KEY).dup('c');
    }

    /** @param u new U, [D, M] (copied into the parameters) */
    public void setU(INDArray u) {
        assign(ScaledResidualParams.U_KEY, u);
    }

    /** @param v new V, [D, M] (copied into the parameters) */
    public void setV(INDArray v) {
        assign(ScaledResidualParams.V_KEY, v);
    }

    private void assign(String key, INDArray value) {
        INDArray p = getParam(key);
        if (!Arrays.equals(p.shape(), value.shape())) {
            throw new IllegalArgumentException(key + ": expected shape " + Arrays.toString(p.shape())
                    + " ([D, M]), got " + Arrays.toString(value.shape()));
        }
        p.assign(value);
    }
}
