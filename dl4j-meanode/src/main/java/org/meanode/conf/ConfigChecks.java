package org.meanode.conf;

/**
 * Argument checks shared by the plugin's builders. Every failure is an
 * {@link IllegalArgumentException} that names the owner and field, the value seen and the fix.
 */
public final class ConfigChecks {
    private ConfigChecks() {
    }

    /**
     * @param owner a class or builder name, e.g. "ScaledResidualStack"
     * @param field the field, e.g. "width"
     * @param value the value seen
     * @param fix   what to do, e.g. "set .width(M) with M ≥ 1"
     * @return value
     */
    public static long positive(String owner, String field, long value, String fix) {
        if (value <= 0) {
            throw new IllegalArgumentException(owner + "." + field + " = " + value + " is invalid: it must be > 0; " + fix);
        }
        return value;
    }

    /** Value of an integer builder field that was never set. */
    public static final long UNSET = -1;

    /**
     * Like {@link #positive} for a required builder field whose unset value is {@link #UNSET}:
     * an unset field is reported as "is not set" rather than as the sentinel value.
     *
     * @param owner the owner's name
     * @param field the field
     * @param value the value seen
     * @param fix   what to do
     * @return value
     */
    public static long required(String owner, String field, long value, String fix) {
        if (value == UNSET) {
            throw new IllegalArgumentException(owner + "." + field + " is not set; " + fix);
        }
        return positive(owner, field, value, fix);
    }

    /**
     * @param owner the owner's name
     * @param field the field
     * @param value the value seen
     * @param fix   what to do
     * @return value
     */
    public static double positiveFinite(String owner, String field, double value, String fix) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + "." + field + " = " + value
                    + " is invalid: it must be finite and > 0; " + fix);
        }
        return value;
    }

    /**
     * @param owner the owner's name
     * @param field the field
     * @param value the value seen (must not be null)
     * @param fix   what to do
     * @param <T>   the value's type
     * @return value
     */
    public static <T> T notNull(String owner, String field, T value, String fix) {
        if (value == null) {
            throw new IllegalArgumentException(owner + "." + field + " is null; " + fix);
        }
        return value;
    }
}
