package org.meanode.examples.bench;

/**
 * One measured operation of the benchmark.
 *
 * @param caseName     the case label ("small", …, or "sgemm" for a square reference)
 * @param sizes        "LxMxDxN" for a network, "mxkxn" for a GEMM
 * @param impl         {@value #FUSED}, {@value #STOCK}, {@value #SGEMM_BLOCK} or {@value #SGEMM_SQUARE}
 * @param flops        work of one iteration
 * @param timing       the measured iterations
 */
public record BenchRow(String caseName, String sizes, String impl, double flops, Timing timing) {
    /** One fit() of a MeanOdeResNet with the fused ScaledResidualStack. */
    public static final String FUSED = "meanode-fused";
    /** One fit() of {@link StockResNetGraph}. */
    public static final String STOCK = "dl4j-stock-graph";
    /** Nd4j.gemm of [N,D]x[D,M], the shape of a block's first product. */
    public static final String SGEMM_BLOCK = "sgemm-block-shape";
    /** Nd4j.gemm of square matrices: the machine's reference rate. */
    public static final String SGEMM_SQUARE = "sgemm-square";

    /** @return GFLOP/s at the median time */
    public double gflops() {
        return timing.gflopsMedian(flops);
    }
}
