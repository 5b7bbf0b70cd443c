package org.meanode.arbiter;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.util.LeafUtils;

/**
 * Adapter for Arbiter 1.0.0-beta7's grid search over spaces that hold fixed parts, such as a
 * {@code MultiLayerSpace} with {@code FixedLayerSpace} layers or a fixed updater.
 *
 * <p>The defect: {@code GridSearchCandidateGenerator} gives every collected leaf a grid axis
 * (a {@code FixedLayerSpace} even gets the full discretization count) and a slot in the unit
 * vector, while {@code BaseCandidateGenerator} numbers only the leaves with free parameters. The
 * grid then holds duplicate candidates (measured: 243 instead of 9 for two free leaves and five
 * fixed parts at 3 points) and a free leaf can read the slot of a fixed one. This wrapper
 * delegates everything to the wrapped space but collects only the leaves with at least one free
 * parameter, so both generators agree. The spaces of this package need no wrapper.
 *
 * <pre>{@code
 * new GridSearchCandidateGenerator(new FreeLeavesSpace<>(multiLayerSpace), 3, Mode.Sequential, null)
 * }</pre>
 *
 * @param <T> the candidate type of the wrapped space
 */
public final class FreeLeavesSpace<T> implements ParameterSpace<T> {
    private ParameterSpace<T> space;

    /** For JSON. */
    private FreeLeavesSpace() {
    }

    /**
     * @param space the space to wrap (not null)
     */
    public FreeLeavesSpace(ParameterSpace<T> space) {
        this.space = Objects.requireNonNull(space, "FreeLeavesSpace.space is null; pass the space to search");
    }

    /** @return the wrapped space */
    public ParameterSpace<T> getSpace() {
        return space;
    }

    @Override
    public T getValue(double[] values) {
        return space.getValue(values);
    }

    @Override
    public int numParameters() {
        return LeafUtils.countUniqueParameters(collectLeaves());
    }

    @Override
    public List<ParameterSpace> collectLeaves() {
        return SpaceChecks.freeLeaves(space.collectLeaves());
    }

    @Override
    public Map<String, ParameterSpace> getNestedSpaces() {
        return Map.of("space", space);
    }

    @Override
    public boolean isLeaf() {
        return false;
    }

    @Override
    public void setIndices(int... indices) {
        throw new UnsupportedOperationException("FreeLeavesSpace is not a leaf: the candidate generator numbers its leaves");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FreeLeavesSpace<?> f && space.equals(f.space);
    }

    @Override
    public int hashCode() {
        return space.hashCode();
    }

    @Override
    public String toString() {
        return "FreeLeavesSpace(" + space + ")";
    }
}
