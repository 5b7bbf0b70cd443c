package org.meanode.units;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A unit φ of an ambient width D, computed in a k-dimensional subspace S ⊂ R^D (docs/MODEL.md,
 * "The limit in the span of the data"): hidden states are z = Qᵀh ∈ R^k for an orthonormal basis
 * Q of S, every D-vector block of a unit (u, v, g, …) is replaced by its k coordinates in S, and
 * every other constant keeps its value at D:
 * <ul>
 *   <li>the 1/D inside the activations (uᵀh/D = (Qᵀu)ᵀz/D: the inner unit, which divides by the
 *   width of its input, is fed z·k/D, and its ∂/∂z is scaled back by k/D);</li>
 *   <li>the init stds (√D by default, not √k): {@link #params(long)} returns the inner unit's blocks
 *   at D with D-row blocks shortened to k rows;</li>
 *   <li>the learning rates: the residual Sgd rate of a layer is proportional to its width, so every
 *   block's {@link UnitParam#sgdFactor()} is multiplied by D/k.</li>
 * </ul>
 * A layer of width k running this unit is then the layer of width D restricted to S.
 *
 * <p>Which units reduce: those whose D-row blocks enter only through inner products with h
 * divided by D, and whose output is a combination of their D-row blocks (then with h ∈ S only the
 * S-parts of the blocks matter, and the S-parts' updates stay in S). The plugin's
 * {@link TwoLayerUnit}, {@link TwoLayerBiasUnit} and {@link GatedUnit} qualify; a user unit
 * qualifies by implementing {@link SpanReducible} (a promise that it has this form and computes the
 * 1/D from its input's width). Any other unit is refused by {@link #check}.
 */
public final class ReducedUnit implements UnitFunction {
    private static final long serialVersionUID = 1L;

    private final UnitFunction unit;
    private final long ambientDim;

    /**
     * @param unit       the unit at width D (TwoLayerUnit, TwoLayerBiasUnit, GatedUnit, or a
     *                   {@link SpanReducible} unit)
     * @param ambientDim D, the width whose constants the unit keeps (≥ 2)
     */
    @JsonCreator
    public ReducedUnit(@JsonProperty("unit") UnitFunction unit, @JsonProperty("ambientDim") long ambientDim) {
        check("ReducedUnit", unit);
        if (ambientDim < 2) {
            throw new IllegalArgumentException("ReducedUnit.ambientDim = " + ambientDim + " is invalid: D must be ≥ 2");
        }
        this.unit = unit;
        this.ambientDim = ambientDim;
    }

    /**
     * @param owner the caller, for the message
     * @param unit  a unit function
     * @throws IllegalArgumentException if the unit does not reduce to the span of the data
     */
    public static void check(String owner, UnitFunction unit) {
        if (unit == null) {
            throw new IllegalArgumentException(owner + ": the unit is null; pass e.g. new TwoLayerUnit()");
        }
        if (unit instanceof ReducedUnit) {
            throw new IllegalArgumentException(owner + ": " + unit + " is already reduced; pass the unit at width D");
        }
        if (!(unit instanceof TwoLayerUnit || unit instanceof TwoLayerBiasUnit || unit instanceof GatedUnit
                || unit instanceof SpanReducible)) {
            throw new IllegalArgumentException(owner + ": the unit " + unit + " (" + unit.getClass().getName() + ") is not"
                    + " known to reduce to the span of the data. A unit reduces when its D-vector blocks enter only"
                    + " through inner products uᵀh/D with the hidden state and its output lies in the span of its"
                    + " D-vector blocks (TwoLayerUnit, TwoLayerBiasUnit and GatedUnit do); if yours does, let it"
                    + " implement org.meanode.units.SpanReducible, else use the full-space limit (MeanOdeLayer at width D)");
        }
    }

    /** @return the unit at width D */
    public UnitFunction getUnit() {
        return unit;
    }

    /** @return D */
    public long getAmbientDim() {
        return ambientDim;
    }

    /**
     * @param k the dimension of the subspace (≤ D)
     * @return the inner unit's blocks at D: D-row blocks with k rows, the same init stds, and Sgd
     *         factors times D/k
     */
    @Override
    public List<UnitParam> params(long k) {
        if (k < 1 || k > ambientDim) {
            throw new IllegalArgumentException("ReducedUnit: the subspace dimension k = " + k + " must lie in 1 … D = "
                    + ambientDim);
        }
        List<UnitParam> out = new ArrayList<>();
        double f = (double) ambientDim / k;
        for (UnitParam q : unit.params(ambientDim)) {
            out.add(new UnitParam(q.key(), q.rows() == ambientDim ? k : q.rows(), q.initStd(), q.sgdFactor() * f, q.bias()));
        }
        return out;
    }

    @Override
    public long[] storedColumns(long k, int units, UnitOps ops) {
        return unit.storedColumns(k, units, ops);
    }

    /** @return the inner unit's scratch, then z·k/D and its gradient ([N, k] each) */
    @Override
    public long[] scratchColumns(long k, int units, UnitOps ops) {
        long[] inner = unit.scratchColumns(k, units, ops);
        long[] out = Arrays.copyOf(inner, inner.length + 2);
        out[inner.length] = k;
        out[inner.length + 1] = k;
        return out;
    }

    /** @return z·k/D in the scratch array (the kernel's BLAS copy and scal: no ND4J operation on its path) */
    private INDArray scaled(UnitOps ops, INDArray h, INDArray[] scratch) {
        INDArray hs = scratch[scratch.length - 2];
        ops.scaled((double) h.size(1) / ambientDim, h, hs);
        return hs;
    }

    private static INDArray[] inner(INDArray[] scratch) {
        return Arrays.copyOf(scratch, scratch.length - 2);
    }

    @Override
    public void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored,
                        INDArray[] scratch, boolean training) {
        unit.forward(ops, scaled(ops, h, scratch), z, scale, out, stored, inner(scratch), training);
    }

    @Override
    public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                         INDArray[] scratch, INDArray dH, INDArray[] dZ) {
        INDArray hs = scaled(ops, h, scratch);
        INDArray dHs = scratch[scratch.length - 1];
        ops.zero(dHs);
        unit.backward(ops, hs, z, scale, dOut, stored, inner(scratch), dHs, dZ);
        ops.scaled((double) h.size(1) / ambientDim, dHs, dHs);
        ops.axpy(1.0, dHs, dH);
    }

    /** @return the inner unit's sampling dimension at the ambient width D (its init stds are those at D) */
    @Override
    public long samplingDimension(long k) {
        return unit.samplingDimension(ambientDim);
    }

    /** @return the inner unit's flops at width k (2LP: 4·k) */
    @Override
    public double forwardFlopsPerUnit(long k) {
        return unit.forwardFlopsPerUnit(k);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReducedUnit r && unit.equals(r.unit) && ambientDim == r.ambientDim;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ReducedUnit.class, unit, ambientDim);
    }

    @Override
    public String toString() {
        return "ReducedUnit(" + unit + ", D=" + ambientDim + ")";
    }
}
