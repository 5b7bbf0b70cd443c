package org.meanode.examples.search;

import java.util.Locale;

/**
 * A command-line range "min:max" (log scale in the search space) or a single value "v".
 *
 * @param min lower end
 * @param max upper end (equal to min for a single value)
 */
public record Range(double min, double max) {

    /**
     * @param option the option's name, for messages (e.g. "--depth")
     * @param text   "min:max" or "v"
     * @return the range (not yet checked for sign or order: the search space does that, naming its field)
     */
    public static Range parse(String option, String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 1) {
                double v = Double.parseDouble(parts[0].trim());
                return new Range(v, v);
            }
            if (parts.length == 2) {
                return new Range(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " = '" + text + "' is invalid: write min:max (e.g. 2:256) or one value");
    }

    /** @return true if min == max */
    public boolean fixed() {
        return min == max;
    }

    /**
     * @param option the option's name
     * @return min as an integer
     */
    public int intMin(String option) {
        return integral(option, min);
    }

    /**
     * @param option the option's name
     * @return max as an integer
     */
    public int intMax(String option) {
        return integral(option, max);
    }

    private static int integral(String option, double v) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(option + ": " + v + " is not an integer; pass whole numbers, e.g. 2:256");
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return fixed() ? String.format(Locale.ROOT, "%s", min) : String.format(Locale.ROOT, "%s:%s", min, max);
    }
}
