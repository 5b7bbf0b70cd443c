package org.meanode.params;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Slices a layer's flat parameter (or gradient) vector into c-order views. Every array a
 * param initializer returns must be a view of the flat vector DL4J owns: the updater and
 * ModelSerializer work on that vector.
 */
final class ParamViews {
    private ParamViews() {
    }

    /**
     * @param flatView the layer's flat vector, shape [1, n] or [n]
     * @param offset   first element of the slice
     * @param shape    shape of the view (its length is the product of the shape)
     * @return a c-order view sharing memory with {@code flatView}
     */
    static INDArray slice(INDArray flatView, long offset, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        INDArray flat = flatView.reshape(flatView.length());
        return flat.get(NDArrayIndex.interval(offset, offset + n)).reshape('c', shape);
    }
}
