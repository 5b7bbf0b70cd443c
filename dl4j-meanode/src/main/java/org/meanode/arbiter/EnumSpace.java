package org.meanode.arbiter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.arbiter.optimize.parameter.discrete.DiscreteParameterSpace;
import org.nd4j.shade.jackson.annotation.JsonIgnoreProperties;

/**
 * A choice among enum constants (regime presets, ODE solvers, node schemes) that survives JSON.
 * Arbiter 1.0.0-beta7's {@link DiscreteParameterSpace} writes enum values as bare names and
 * reads them back as Strings, so a space holding one fails with a ClassCastException after a
 * JSON round trip; this subclass stores the enum class and the constants' names instead. It is
 * a DiscreteParameterSpace so that grid search gives it one grid point per value; the unit value
 * x picks value ⌊x·n⌋ (the last one at x = 1), as in Arbiter.
 *
 * @param <E> the enum type
 */
@JsonIgnoreProperties({"values"})
public final class EnumSpace<E extends Enum<E>> extends DiscreteParameterSpace<E> {
    private Class<E> enumType;
    private List<String> names;
    private int position = -1;

    /** For JSON. */
    private EnumSpace() {
        super(Collections.emptyList());
    }

    /**
     * @param values the constants to choose among (at least one, no null)
     */
    @SafeVarargs
    public EnumSpace(E... values) {
        super(check(values));
        this.enumType = values[0].getDeclaringClass();
        this.names = new ArrayList<>();
        for (E v : values) {
            names.add(v.name());
        }
    }

    @SafeVarargs
    private static <E extends Enum<E>> List<E> check(E... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("EnumSpace needs at least one value; pass e.g. Regime.COMPLETE");
        }
        for (E v : values) {
            Objects.requireNonNull(v, "EnumSpace: a value is null");
        }
        return List.of(values);
    }

    /** @return the enum class of the values */
    public Class<E> enumType() {
        return enumType;
    }

    @Override
    public int numValues() {
        return names.size();
    }

    @Override
    public void setIndices(int... indices) {
        super.setIndices(indices);
        this.position = SpaceChecks.singleIndex(this, indices);
    }

    @Override
    public E getValue(double[] input) {
        double x = SpaceChecks.unitValue(this, input, position);
        int i = Math.min((int) (x * names.size()), names.size() - 1);
        return Enum.valueOf(enumType, names.get(i));
    }

    @Override
    public String toString() {
        return "EnumSpace(" + String.join(",", names) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnumSpace<?> e && Objects.equals(enumType, e.enumType) && Objects.equals(names, e.names);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enumType, names);
    }
}
