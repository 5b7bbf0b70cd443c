package org.meanode.units;

/**
 * Marker of a user {@link UnitFunction} that may be computed in the span of the data
 * ({@link ReducedUnit}): its blocks with D rows enter only through inner products uᵀh/D with the
 * hidden state h (the 1/D being 1/(width of h), as in the plugin's units), its other blocks do not
 * depend on D, and its output is a combination of its D-row blocks. The plugin's
 * {@link TwoLayerUnit}, {@link TwoLayerBiasUnit} and {@link GatedUnit} have this form and are
 * accepted without the marker.
 */
public interface SpanReducible {
}
