package org.meanode.examples.rates;

import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * Where a limit reference is computed: in the span of W_E and W_U ({@link ReducedLimitReference})
 * or in R^D ({@link MeanOdeLayerReference}). The option value of {@code rates --ref-space} and
 * {@code demo --limit-space}.
 */
public enum ReferenceSpace {
    /** The default: reduced, and the full-space layer where the reduction gains nothing or does not apply. */
    AUTO,
    /** Reduced everywhere (asked for explicitly): a configuration ReducedLimit refuses is an error. */
    REDUCED,
    /** The full-space MeanOdeLayer. */
    FULL;

    /**
     * @param option the option's name, for the message
     * @param text   the option's value, or null when not given (then {@link #AUTO})
     * @return the space
     */
    public static ReferenceSpace parse(String option, String text) {
        if (text == null) {
            return AUTO;
        }
        return switch (text) {
            case "reduced" -> REDUCED;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException(option + " = " + text + " is invalid: use reduced (the default) or"
                    + " full");
        };
    }

    /**
     * @param nodes  P
     * @param fullNodes P of the full-space layer where {@link #AUTO} falls back to it
     * @param steps  S
     * @param solver the Runge–Kutta method
     * @param scheme the node scheme
     * @param seed   seed of the nodes
     * @return the reference computed in this space
     */
    public QuadratureReference reference(int nodes, int fullNodes, int steps, OdeSolver solver, NodeScheme scheme,
                                         long seed) {
        return switch (this) {
            case AUTO -> new ReducedLimitReference(nodes, steps, solver, scheme, seed, fullNodes);
            case REDUCED -> new ReducedLimitReference(nodes, steps, solver, scheme, seed, 0);
            case FULL -> new MeanOdeLayerReference(nodes, steps, solver, scheme, seed);
        };
    }
}
