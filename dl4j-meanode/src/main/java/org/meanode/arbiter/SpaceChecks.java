package org.meanode.arbiter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.deeplearning4j.arbiter.layers.BaseLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.deeplearning4j.arbiter.optimize.serde.jackson.JsonMapper;

/**
 * Checks shared by the spaces of this package. Every failure is an
 * {@link IllegalArgumentException} naming the owner and field, the value seen and the fix, so
 * that an invalid space fails when it is built, before the first candidate.
 */
final class SpaceChecks {
    /** Unit values probed on a leaf with one parameter that is not discrete: both ends and the centre. */
    private static final double[] PROBES = {0.0, 0.5, 1.0};

    private SpaceChecks() {
    }

    static void logRange(String owner, String field, double min, double max, String fix) {
        if (!(min > 0) || Double.isInfinite(min) || !(max >= min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException(owner + "." + field + " = [" + min + ", " + max
                    + "] is invalid: a log-scale range needs finite 0 < min ≤ max" + (max < min ? " (it is empty)" : "")
                    + "; " + fix);
        }
    }

    static double unitValue(ParameterSpace<?> leaf, double[] values, int index) {
        if (index < 0) {
            throw new IllegalStateException(leaf + " has no index yet: build the candidate generator"
                    + " (RandomSearchGenerator, GridSearchCandidateGenerator) on the space first, it numbers the leaves");
        }
        if (values == null || index >= values.length) {
            throw new IllegalArgumentException(leaf + ": index " + index + " is outside the unit vector of length "
                    + (values == null ? "null" : String.valueOf(values.length)));
        }
        double x = values[index];
        if (!(x >= 0 && x <= 1)) {
            throw new IllegalArgumentException(leaf + ": unit value " + x + " at index " + index + " is outside [0, 1]");
        }
        return x;
    }

    static int singleIndex(ParameterSpace<?> leaf, int[] indices) {
        if (indices == null || indices.length != 1 || indices[0] < 0) {
            throw new IllegalArgumentException(leaf + " takes exactly one index ≥ 0, got "
                    + (indices == null ? "null" : java.util.Arrays.toString(indices)));
        }
        return indices[0];
    }

    /**
     * Checks every value a leaf can produce against a requirement. Leaves with no parameter
     * (FixedValue) are evaluated once; discrete leaves at each of their values; other one-parameter
     * leaves at both ends and the centre of [0, 1] (exact for the monotone leaves of Arbiter and of
     * this package). The leaf itself is not touched: a JSON copy is probed.
     *
     * @param owner       e.g. "MeanOdeResNetSpace"
     * @param field       e.g. "width"
     * @param space       the leaf (null: nothing to check)
     * @param ok          the requirement on each value
     * @param requirement the requirement in words, e.g. "M must be an integer ≥ 1"
     * @param fix         what to do
     */
    static void values(String owner, String field, ParameterSpace<? extends Number> space, DoublePredicate ok,
                       String requirement, String fix) {
        if (space == null) {
            return;
        }
        for (Object v : probe(owner, field, space)) {
            double d = v == null ? Double.NaN : ((Number) v).doubleValue();
            if (v == null || !ok.test(d)) {
                throw new IllegalArgumentException(owner + "." + field + " = " + space + " can take the value " + v
                        + ", which is invalid: " + requirement + "; " + fix);
            }
        }
    }

    /**
     * Checks that a leaf never yields null.
     *
     * @param owner the owner's name
     * @param field the field
     * @param space the leaf (null: nothing to check)
     * @param fix   what to do
     */
    static void nonNull(String owner, String field, ParameterSpace<?> space, String fix) {
        if (space == null) {
            return;
        }
        for (Object v : probe(owner, field, space)) {
            if (v == null) {
                throw new IllegalArgumentException(owner + "." + field + " = " + space + " can take the value null; " + fix);
            }
        }
    }

    /**
     * Checks that a leaf yields constants of an enum, also after a JSON round trip.
     *
     * @param owner the owner's name
     * @param field the field
     * @param space the leaf (null: nothing to check)
     * @param type  the enum class
     */
    static void enumValues(String owner, String field, ParameterSpace<?> space, Class<? extends Enum<?>> type) {
        if (space == null) {
            return;
        }
        for (Object v : probe(owner, field, space)) {
            if (!type.isInstance(v)) {
                throw new IllegalArgumentException(owner + "." + field + " = " + space + " yields " + (v == null ? "null"
                        : v.getClass().getSimpleName() + " '" + v + "'") + " once read back from JSON, not a "
                        + type.getSimpleName() + " (Arbiter's DiscreteParameterSpace stores enum values as text); use new EnumSpace<>("
                        + type.getSimpleName() + "...) or a FixedValue");
            }
        }
    }

    static List<Object> probe(String owner, String field, ParameterSpace<?> space) {
        ParameterSpace<?> copy;
        try {
            String json = JsonMapper.getMapper().writeValueAsString(space);
            copy = JsonMapper.getMapper().readValue(json, ParameterSpace.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(owner + "." + field + " = " + space + " does not round-trip through"
                    + " Arbiter's JsonMapper (" + e.getMessage() + "); use a serializable ParameterSpace", e);
        }
        List<Object> out = new ArrayList<>();
        int n = copy.numParameters();
        if (n == 0) {
            out.add(copy.getValue(new double[0]));
        } else if (n == 1) {
            copy.setIndices(0);
            if (copy instanceof DiscreteParameterSpace<?> d) {
                int k = d.numValues();
                for (int i = 0; i < k; i++) {
                    out.add(copy.getValue(new double[] {(i + 0.5) / k}));
                }
            } else {
                for (double x : PROBES) {
                    out.add(copy.getValue(new double[] {x}));
                }
            }
        }
        return out;
    }

    /**
     * @param owner  the space, for the message
     * @param field  the builder method, e.g. "depth"
     * @param symbol the quantity, e.g. "L"
     * @param min    the smallest value
     * @param max    the largest value
     * @throws IllegalArgumentException for an empty range or min &lt; 1, naming the field and the fix
     */
    static void intRange(String owner, String field, String symbol, int min, int max) {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException(owner + "." + field + " = [" + min + ", " + max + "] is invalid: "
                    + (max < min ? "the range is empty (max < min)" : symbol + " must be ≥ 1")
                    + "; call ." + field + "(min, max) with 1 ≤ min ≤ max");
        }
    }

    /**
     * @param owner  the space, for the message
     * @param field  the builder method, e.g. "alpha"
     * @param symbol the quantity, e.g. "α"
     * @param min    the smallest value
     * @param max    the largest value
     * @throws IllegalArgumentException unless 0 &lt; min ≤ max &lt; ∞, naming the field and the fix
     */
    static void realRange(String owner, String field, String symbol, double min, double max) {
        if (!(min > 0) || Double.isInfinite(max) || !(max >= min)) {
            throw new IllegalArgumentException(owner + "." + field + " = [" + min + ", " + max + "] is invalid: "
                    + (max < min ? "the range is empty (max < min)" : symbol + " must be finite and > 0")
                    + "; call ." + field + "(min, max) with finite 0 < min ≤ max (log scale)");
        }
    }

    /**
     * @param builder a builder of this package's spaces
     * @return its name in messages: a layer space's builder names itself as Arbiter's do
     *         ("MeanOdeLayerSpace.Builder"); the network space's, reached through
     *         {@code MeanOdeResNetSpace.builder()}, names the space ("MeanOdeResNetSpace")
     */
    static String builderName(Object builder) {
        Class<?> c = builder.getClass();
        String n = c.getName().substring(c.getName().lastIndexOf('.') + 1).replace('$', '.');
        return builder instanceof BaseLayerSpace.Builder<?> || c.getEnclosingClass() == null ? n
                : c.getEnclosingClass().getSimpleName();
    }

    /**
     * @param owner the space
     * @param field the leaf
     * @param space its value (null: not set)
     * @param calls the setters that set it, e.g. ".depth(L), .depth(min, max) or .depth(ParameterSpace)"
     * @throws IllegalArgumentException if the leaf is not set
     */
    static void required(String owner, String field, ParameterSpace<?> space, String calls) {
        if (space == null) {
            throw new IllegalArgumentException(owner + "." + field + " is not set; call " + calls);
        }
    }

    /**
     * @param field a leaf with fixed-value, range and space setters
     * @return ".field(value), .field(min, max) or .field(ParameterSpace)"
     */
    static String setters(String field) {
        return "." + field + "(value), ." + field + "(min, max) or ." + field + "(ParameterSpace)";
    }

    /**
     * @param owner  the builder, for the message
     * @param field  the leaf, e.g. "solver"
     * @param what   what is chosen, e.g. "solver"
     * @param values the constants to choose among (at least one)
     * @param <E>    the enum
     * @return a FixedValue of one constant, else an {@link EnumSpace} of them
     */
    @SafeVarargs
    static <E extends Enum<E>> ParameterSpace<E> choice(String owner, String field, String what, E... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException(owner + "." + field + ": no " + what + " given; pass at least one "
                    + values.getClass().getComponentType().getSimpleName());
        }
        return values.length == 1 ? new FixedValue<>(values[0]) : new EnumSpace<>(values);
    }

    /** @return whether v is finite and > 0 */
    static boolean positiveFinite(double v) {
        return v > 0 && !Double.isInfinite(v);
    }

    /**
     * @param leaves a space's collected leaves
     * @return those with a free parameter (FixedValues take none and are left out)
     */
    @SuppressWarnings("rawtypes")
    static List<ParameterSpace> freeLeaves(List<ParameterSpace> leaves) {
        List<ParameterSpace> out = new ArrayList<>();
        for (ParameterSpace<?> p : leaves) {
            if (p.numParameters() > 0) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * @param space a space
     * @return it as JSON (Arbiter's JsonMapper)
     */
    static String toJson(Object space) {
        try {
            return JsonMapper.getMapper().writeValueAsString(space);
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + space.getClass().getSimpleName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    /**
     * @param json a space written by {@link #toJson(Object)}
     * @param type its class
     * @param <S>  the space type
     * @return the space, not yet validated
     */
    static <S> S readJson(String json, Class<S> type) {
        try {
            return JsonMapper.getMapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("could not read " + type.getSimpleName() + " from JSON: " + e.getMessage(), e);
        }
    }
}
