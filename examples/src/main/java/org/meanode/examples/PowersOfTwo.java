package org.meanode.examples;

import java.util.ArrayList;
import java.util.List;

/** Sweeps over powers of two, as the {@code transfer} and {@code phase} commands take them. */
public final class PowersOfTwo {
    private PowersOfTwo() {
    }

    /**
     * @param min smallest exponent
     * @param max largest exponent
     * @return 2^min, 2^(min+1), …, 2^max (empty when max &lt; min)
     */
    public static List<Double> range(int min, int max) {
        List<Double> out = new ArrayList<>();
        for (int k = min; k <= max; k++) {
            out.add(Math.pow(2, k));
        }
        return out;
    }

    /**
     * @param option  the command-line option, for the message, e.g. "--eta-exponents"
     * @param value   its value, MIN:MAX
     * @param example a valid value for the message, e.g. "-12:4"
     * @return {@link #range(int, int)} of the two exponents
     * @throws IllegalArgumentException unless the value is two integers separated by ':'
     */
    public static List<Double> parse(String option, String value, String example) {
        String[] p = value.split(":");
        if (p.length != 2) {
            throw new IllegalArgumentException(option + " = '" + value + "' is invalid: write MIN:MAX, e.g. " + example);
        }
        return range(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
    }
}
