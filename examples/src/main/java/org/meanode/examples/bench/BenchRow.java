package org.meanode.examples.bench;

/**
 * One measured operation of the benchmark.
 *
 * @param caseName     the case label ("small", …, or "sgemm" for a square reference)
 * @param sizes        "LxMxDxN" for a network, "mxkxn" for a GEMM
 * @param impl         {@value #FUSED}, {@value #FUSED_ND4J_OPS}, {@value #FUSED_CHECKPOINT}, {@value #LIMIT}, {@value #STOCK},
 *                     {@value #SGEMM_BLOCK} or {@value #SGEMM_SQUARE}
 * @param flops        work of one iteration
 * @param timing       the measured iterations
 * @param footprint    off-heap arrays the network holds after the steps, or null (GEMM references)
 * @param memory       peak memory during the measurement, or null if not measured
 */
public record BenchRow(String caseName, String sizes, String impl, double flops, Timing timing, Footprint footprint,
                       MemoryProbe.Peak memory) {
    /** One fit() of a MeanOdeResNet with the fused ScaledResidualStack, default kernel (KernelMode.AUTO). */
    public static final String FUSED = "meanode-fused";
    /** The same with KernelMode.ND4J_OPS: ND4J operations only, the kernel before direct BLAS (portable). */
    public static final String FUSED_ND4J_OPS = "meanode-fused-nd4j-ops";
    /** The same as {@value #FUSED} with checkpointing every ⌈√L⌉ blocks. */
    public static final String FUSED_CHECKPOINT = "meanode-fused-checkpoint";
    /**
     * One fit() of a MeanOdeResNet whose residual part is the limit layer (MeanOdeLayer, RK4, IID
     * nodes shared across steps) at about the stack's cost per forward pass: S = ⌈L/4⌉ steps of
     * 4 stages of P = M nodes, S·4·P ≈ L·M unit evaluations.
     */
    public static final String LIMIT = "meanode-limit-rk4";
    /** {@value #FUSED} with the bias unit (TwoLayerBiasUnit, tanh): L·M unit evaluations per forward pass. */
    public static final String FUSED_BIAS = "meanode-fused-bias";
    /** {@value #FUSED} with the gated unit (GatedUnit, tanh gated by sigmoid): L·M unit evaluations per forward pass. */
    public static final String FUSED_GATED = "meanode-fused-gated";
    /** One fit() of {@link StockResNetGraph}. */
    public static final String STOCK = "dl4j-stock-graph";
    /** Nd4j.gemm of [N,D]x[D,M], the shape of a block's first product. */
    public static final String SGEMM_BLOCK = "sgemm-block-shape";
    /** Nd4j.gemm of square matrices: the machine's reference rate. */
    public static final String SGEMM_SQUARE = "sgemm-square";

    /**
     * A measurement without memory figures (GEMM references).
     *
     * @param caseName the case label
     * @param sizes    the sizes
     * @param impl     the implementation
     * @param flops    work of one iteration
     * @param timing   the measured iterations
     */
    public BenchRow(String caseName, String sizes, String impl, double flops, Timing timing) {
        this(caseName, sizes, impl, flops, timing, null, null);
    }

    /** @return bytes the residual stack keeps between passes, −1 if not a stack */
    public long stackBytes() {
        return footprint == null ? -1 : footprint.stackBytes();
    }

    /** @return GFLOP/s at the median time */
    public double gflops() {
        return timing.gflopsMedian(flops);
    }
}
