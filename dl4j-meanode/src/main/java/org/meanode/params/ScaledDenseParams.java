package org.meanode.params;

import java.util.List;
import java.util.Map;
import org.meanode.conf.BaseScaledDense;
import org.meanode.init.GaussianFill;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link org.meanode.conf.MeanOdeEmbedding} and
 * {@link org.meanode.conf.MeanOdeReadout}: one weight "W" of shape [nIn, nOut], entries
 * N(0, initStd²); no bias.
 */
public final class ScaledDenseParams extends ParamTable<BaseScaledDense> {
    /** Key of the weight matrix. */
    public static final String W_KEY = "W";

    private static final ScaledDenseParams INSTANCE = new ScaledDenseParams();

    private ScaledDenseParams() {
        super(BaseScaledDense.class);
    }

    /** @return the shared instance */
    public static ScaledDenseParams getInstance() {
        return INSTANCE;
    }

    @Override
    List<Entry> layout(BaseScaledDense l) {
        return List.of(new Entry(W_KEY, false, new long[] {l.getNIn(), l.getNOut()}));
    }

    @Override
    void draw(BaseScaledDense l, Map<String, INDArray> views) {
        GaussianFill.fill(views.get(W_KEY), l.initStd(), l.getSeed(), 2);
    }
}
