package org.meanode.layers;

import org.meanode.conf.KernelMode;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Whether {@link KernelMode#DIRECT_BLAS} (direct OpenBLAS calls on host memory) can run in this
 * JVM: it needs ND4J's CPU backend (nd4j-native), its BLAS fallback mode off, and float32 or
 * float64 arrays. {@link KernelMode#AUTO} uses it exactly when {@link #isAvailable} is true.
 */
public final class DirectBlas {
    private DirectBlas() {
    }

    /**
     * @param dataType the network's data type
     * @return null if direct BLAS can run for that type, else the reason it cannot
     */
    public static String unavailableReason(DataType dataType) {
        return OpenBlasGemm.unavailableReason(dataType);
    }

    /**
     * @param dataType the network's data type
     * @return true if direct BLAS can run for that type
     */
    public static boolean isAvailable(DataType dataType) {
        return unavailableReason(dataType) == null;
    }
}
