package org.meanode.units;

import org.nd4j.linalg.activations.IActivation;

/** Argument checks of the unit functions' constructors, in the style of ConfigChecks. */
final class UnitChecks {
    private UnitChecks() {
    }

    static IActivation activation(String owner, String field, IActivation f) {
        if (f == null) {
            throw new IllegalArgumentException(owner + "." + field + " is null; pass an activation, e.g. Activation.TANH");
        }
        return f;
    }

    /** @return s, which may be null (the default), or else must be finite and &gt; 0 */
    static Double optionalStd(String owner, String field, Double s) {
        if (s != null && (!(s > 0) || Double.isInfinite(s))) {
            throw new IllegalArgumentException(owner + "." + field + " = " + s
                    + " is invalid: it must be finite and > 0, or null for the default");
        }
        return s;
    }

    /** @return s, or √D if s is null */
    static double stdOrSqrtD(Double s, long d) {
        return s == null ? Math.sqrt(d) : s;
    }
}
