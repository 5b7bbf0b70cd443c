package org.meanode.examples.bench;

import java.util.List;
import java.util.Locale;

/**
 * One network size of the benchmark.
 *
 * @param name  a short label
 * @param depth L
 * @param width M
 * @param embeddingDim D
 * @param batch N, the full batch
 */
public record BenchCase(String name, int depth, int width, int embeddingDim, int batch) {
    /** The paper-sized small network. */
    public static final BenchCase SMALL = new BenchCase("small", 50, 20, 20, 10);
    /** A mid-sized network where BLAS starts to dominate. */
    public static final BenchCase MEDIUM = new BenchCase("medium", 128, 128, 128, 256);
    /** A large network, GEMM-bound. */
    public static final BenchCase LARGE = new BenchCase("large", 64, 512, 512, 512);
    /** The default cases, in order. */
    public static final List<BenchCase> DEFAULTS = List.of(SMALL, MEDIUM, LARGE);

    /**
     * Validates the sizes.
     *
     * @param name a short label
     * @param depth L
     * @param width M
     * @param embeddingDim D
     * @param batch N, the full batch
     */
    public BenchCase {
        if (depth < 1 || width < 1 || embeddingDim < 1 || batch < 1) {
            throw new IllegalArgumentException("bench case '" + name + "': L, M, D, N must be ≥ 1, got " + depth + "x"
                    + width + "x" + embeddingDim + "x" + batch);
        }
    }

    /** @return 12·L·M·D·N, the flops of one GD step of the residual part (MODEL.md) */
    public double flopsPerStep() {
        return 12.0 * depth * width * embeddingDim * batch;
    }

    /** @return "LxMxDxN" */
    public String sizes() {
        return String.format(Locale.ROOT, "%dx%dx%dx%d", depth, width, embeddingDim, batch);
    }

    /**
     * @param spec "small", "medium", "large", or explicit sizes "LxMxDxN" (e.g. "50x20x20x10")
     * @return the case
     */
    public static BenchCase parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        for (BenchCase c : DEFAULTS) {
            if (c.name().equals(s)) {
                return c;
            }
        }
        String[] p = s.split("x");
        if (p.length != 4) {
            throw new IllegalArgumentException("--sizes entry '" + spec + "' is neither small, medium, large nor LxMxDxN"
                    + " (e.g. 50x20x20x10)");
        }
        try {
            return new BenchCase(s, Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[3]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--sizes entry '" + spec + "': L, M, D, N must be integers, as in 50x20x20x10");
        }
    }
}
