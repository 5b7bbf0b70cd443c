package org.meanode.examples.rates;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The four sweeps of the rate experiments, each varying one quantity of MODEL.md's error bound
 * O(1/L + √D/√(L·M)) with the others fixed.
 */
public enum Sweep {
    /** (a) distance vs M at fixed L and D: slope −1/2 while sampling dominates, then a plateau at c₁/L. */
    WIDTH("a", "M (hidden units per block)", "width", s -> s.width()),
    /** (b) distance vs L at fixed M and D: slope between −1 (discretisation) and −1/2 (sampling). */
    DEPTH("b", "L (residual blocks)", "depth", s -> s.depth()),
    /** (c) distance vs D at fixed L and M: slope +1/2 of √D where sampling dominates. */
    DIM("c", "D (embedding width)", "embedding", s -> s.embeddingDim()),
    /** (d) distance vs P = L·M·D along a diagonal of growing networks. */
    PARAMS("d", "P = L·M·D", "params", s -> (double) s.params());

    private final String letter;
    private final String axisLabel;
    private final String fileStem;
    private final ToDoubleFunction<Size> abscissa;

    Sweep(String letter, String axisLabel, String fileStem, ToDoubleFunction<Size> abscissa) {
        this.letter = letter;
        this.axisLabel = axisLabel;
        this.fileStem = fileStem;
        this.abscissa = abscissa;
    }

    /** @return "a" … "d", as in the paper's panels and the CLI's {@code --sweeps} */
    public String letter() {
        return letter;
    }

    /** @return the label of the horizontal axis */
    public String axisLabel() {
        return axisLabel;
    }

    /** @return the stem of this sweep's plot file, {@code rates-<letter>-<stem>.png} */
    public String fileStem() {
        return fileStem;
    }

    /**
     * @param s a size
     * @return its abscissa in this sweep (M, L, D or P)
     */
    public double x(Size s) {
        return abscissa.applyAsDouble(s);
    }

    /**
     * @param letter "a" … "d" (case-insensitive)
     * @return the sweep
     */
    public static Sweep ofLetter(String letter) {
        for (Sweep s : values()) {
            if (s.letter.equalsIgnoreCase(letter.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sweep '" + letter + "': use a (width), b (depth), c (embedding D) or d"
                + " (P = L·M·D), e.g. --sweeps a,b");
    }

    /**
     * Checks that the sizes of a sweep vary what it says and nothing else.
     *
     * @param sizes the sizes, at least 2 with distinct abscissae
     */
    void check(List<Size> sizes) {
        String where = "sweep (" + letter + ")";
        if (sizes.size() < 2) {
            throw new IllegalArgumentException(where + " needs at least 2 sizes to fit a slope, got " + sizes);
        }
        Size first = sizes.get(0);
        for (Size s : sizes) {
            boolean ok = switch (this) {
                case WIDTH -> s.depth() == first.depth() && s.embeddingDim() == first.embeddingDim();
                case DEPTH -> s.width() == first.width() && s.embeddingDim() == first.embeddingDim();
                case DIM -> s.depth() == first.depth() && s.width() == first.width();
                case PARAMS -> true;
            };
            if (!ok) {
                throw new IllegalArgumentException(where + " varies only " + axisLabel + ", but " + s + " differs from " + first
                        + " elsewhere");
            }
        }
        if (sizes.stream().mapToDouble(this::x).distinct().count() != sizes.size()) {
            throw new IllegalArgumentException(where + " has repeated values of " + axisLabel + ": " + sizes);
        }
    }
}
