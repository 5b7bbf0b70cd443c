package org.meanode.layers;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.params.ScaledResidualParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runtime of {@link ScaledResidualStack}: L blocks fused, [minibatch, D] → [minibatch, D].
 * Parameters are [L, rows, M] per block of the unit ({@code getParam(key)}; block l is slice l,
 * unit j its column j). The 2LP weights are also exposed in the layout D×M×L (block l is
 * {@code [:, :, l]}), the layout of the paper's code ({@link #getU()}, {@link #getV()}).
 */
public class ScaledResidualStackLayer extends BaseScaledResidualLayer<ScaledResidualStack> {
    private static final long serialVersionUID = 1L;

    /**
     * @param conf     the network-level configuration holding a {@link ScaledResidualStack}
     * @param dataType the parameter data type
     */
    public ScaledResidualStackLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected INDArray u3(INDArray u) {
        return u;
    }

    /** @return a copy of U in the layout [D, M, L] */
    public INDArray getU() {
        return getParam(ScaledResidualParams.U_KEY).permute(1, 2, 0).dup('c');
    }

    /** @return a copy of V in the layout [D, M, L] */
    public INDArray getV() {
        return getParam(ScaledResidualParams.V_KEY).permute(1, 2, 0).dup('c');
    }

    /** @param u new U in the layout [D, M, L] (copied into the parameters) */
    public void setU(INDArray u) {
        assign(ScaledResidualParams.U_KEY, u);
    }

    /** @param v new V in the layout [D, M, L] (copied into the parameters) */
    public void setV(INDArray v) {
        assign(ScaledResidualParams.V_KEY, v);
    }

    private void assign(String key, INDArray dml) {
        INDArray p = getParam(key);
        long[] want = {p.size(1), p.size(2), p.size(0)};
        if (!Arrays.equals(want, dml.shape())) {
            throw new IllegalArgumentException(key + ": expected shape " + Arrays.toString(want)
                    + " ([D, M, L]), got " + Arrays.toString(dml.shape()));
        }
        p.assign(dml.permute(2, 0, 1));
    }
}
