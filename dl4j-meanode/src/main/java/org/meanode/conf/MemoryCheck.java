package org.meanode.conf;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Refuses a layer whose parameters cannot fit in the JVM's off-heap memory before DL4J allocates
 * them (ND4J's arrays live off-heap, bounded by {@code -Dorg.bytedeco.javacpp.maxbytes}): an
 * absurd {@code width(1_000_000_000)} or {@code limit(1 << 30, …)} is an
 * {@link IllegalArgumentException} giving the estimate and the limit at once, not
 * {@code Allocation failed: [std::bad_alloc]} seconds later. The estimate is a lower bound, in
 * float32: parameters, their gradients (DL4J keeps a flat gradient vector) and the updater's state;
 * activations come on top, per example.
 */
public final class MemoryCheck {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private MemoryCheck() {
    }

    /**
     * @param layer     a layer configuration
     * @param numParams its parameter count
     * @return numParams
     * @throws IllegalArgumentException when even float32 parameters, gradients and updater state exceed the limit
     */
    public static long check(Layer layer, long numParams) {
        long limit = Pointer.maxBytes();
        if (limit <= 0 || numParams <= 0) {
            return numParams;
        }
        IUpdater u = layer instanceof BaseLayer b ? b.getIUpdater() : null;
        long state = u == null ? 0 : u.stateSize(numParams);
        double bytes = 4.0 * (2.0 * numParams + state);
        if (bytes > limit) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s%s needs at least %.1f GiB (%.3g parameters,"
                            + " their gradients and %.3g updater-state values, 4 bytes each in float32; activations"
                            + " come on top), more than the JVM's off-heap limit of %.1f GiB; make the layer smaller"
                            + " (width M, depth L, nodes P, steps S or D) or raise -Dorg.bytedeco.javacpp.maxbytes"
                            + " (and -Dorg.bytedeco.javacpp.maxphysicalbytes) if the machine has the memory",
                    layer.getClass().getSimpleName(), layer.getLayerName() == null ? "" : " (layer '" + layer.getLayerName()
                            + "')", bytes / GIB, (double) numParams, (double) state, limit / GIB));
        }
        return numParams;
    }
}
