package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * Absurd sizes fail before anything is allocated, with the estimate and the off-heap limit in the
 * message; a size that fits is left alone.
 */
class MemoryCheckTest {

    private static void refusedQuickly(Runnable build, String owner) {
        long before = Pointer.totalBytes();
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(e.getMessage().startsWith(owner) && e.getMessage().contains("GiB")
                && e.getMessage().contains("off-heap limit of " + String.format(java.util.Locale.ROOT, "%.1f GiB",
                        Pointer.maxBytes() / (1024.0 * 1024 * 1024)))
                && e.getMessage().contains("org.bytedeco.javacpp.maxbytes"), e.getMessage());
        assertTrue(Pointer.totalBytes() - before < 64L << 20, "nothing large may be allocated before the refusal");
        assertTrue(seconds < 10, "refused after " + seconds + " s");
    }

    @Test
    void hugeWidthAndHugeLimitAreRefusedBeforeAllocation() {
        refusedQuickly(() -> MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(16).depth(8).width(1_000_000_000).build()
                .multiLayerNetwork(), "ScaledResidualStack");
        refusedQuickly(() -> MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(16).depth(8).width(1_000_000_000)
                .fused(false).build().computationGraph(), "ScaledResidualBlock");
        refusedQuickly(() -> MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(16).limit(1 << 30, 4, OdeSolver.RK4,
                NodeScheme.IID).build().multiLayerNetwork(), "MeanOdeLayer");
    }

    @Test
    void aSizeThatFitsIsBuilt() {
        MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(16).depth(8).width(1000).build().multiLayerNetwork();
    }
}
