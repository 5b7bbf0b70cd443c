package org.meanode.layers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What the layers' {@link HiddenStateProbe} implementations share. */
final class ProbeSupport {
    private ProbeSupport() {
    }

    /**
     * @param numBlocks nb, the blocks a layer holds
     * @param depth     L, the network's depth
     * @return {@code [0, 1/L, …, nb/L]}: the input and the state after each of the nb blocks
     */
    static double[] blockStateDepths(int numBlocks, int depth) {
        double[] s = new double[numBlocks + 1];
        for (int j = 0; j < s.length; j++) {
            s[j] = (double) j / depth;
        }
        return s;
    }

    /**
     * @param dataType the arrays' data type
     * @param columns  the column count of each array
     * @param rows     the row count of every array
     * @return uninitialised c-order arrays [rows, columns[a]], detached from workspaces
     */
    static INDArray[] detached(DataType dataType, long[] columns, long rows) {
        INDArray[] out = new INDArray[columns.length];
        for (int a = 0; a < columns.length; a++) {
            out[a] = Nd4j.createUninitializedDetached(dataType, 'c', rows, columns[a]);
        }
        return out;
    }

    /**
     * @param owner the layer, as "ScaledResidualStack 'stack'"
     * @param d     the layer's embedding dimension D
     * @param input the probe input
     * @throws IllegalArgumentException unless the input is [N, D]
     */
    static void checkInput(String owner, long d, INDArray input) {
        if (input.rank() != 2 || input.size(1) != d) {
            throw new IllegalArgumentException(owner + ".hiddenStates: expected input [N, " + d + "], got "
                    + Arrays.toString(input.shape()));
        }
    }
}
