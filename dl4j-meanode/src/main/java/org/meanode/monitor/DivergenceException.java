package org.meanode.monitor;

/**
 * Thrown by {@link DivergenceGuard} from inside {@code fit()} when training stops being finite:
 * the message names the iteration, the epoch, the loss and the first layer (and parameter) whose
 * values are NaN or infinite, and what to try.
 */
public final class DivergenceException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final int iteration;
    private final int epoch;
    private final double score;
    private final int layerIndex;
    private final String layerName;
    private final String parameter;

    DivergenceException(String message, int iteration, int epoch, double score, int layerIndex, String layerName,
                        String parameter) {
        super(message);
        this.iteration = iteration;
        this.epoch = epoch;
        this.score = score;
        this.layerIndex = layerIndex;
        this.layerName = layerName;
        this.parameter = parameter;
    }

    /** @return the iteration (DL4J's count) at which training stopped */
    public int iteration() {
        return iteration;
    }

    /** @return the epoch at which training stopped */
    public int epoch() {
        return epoch;
    }

    /** @return the training loss of that iteration (finite when only a parameter diverged) */
    public double score() {
        return score;
    }

    /**
     * @return the index of the first layer with non-finite parameters; when every parameter is
     *         finite (only the loss is not), the layer holding the largest |θ|; -1 for a network without parameters
     */
    public int layerIndex() {
        return layerIndex;
    }

    /** @return that layer's name, or null */
    public String layerName() {
        return layerName;
    }

    /** @return that layer's parameter ("U", "V", "W", …) meant by {@link #layerIndex()}, or null */
    public String parameter() {
        return parameter;
    }
}
