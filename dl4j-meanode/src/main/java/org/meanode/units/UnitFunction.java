package org.meanode.units;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * A unit function φ(h, Z) of the paper's generic residual blocks (MODEL.md, "Generic blocks";
 * Theorem 1 of the paper):
 * <pre>
 *   h_{l+1} = h_l + (α/(L·M)) Σ_{j=1..M} φ(h_l, Z_{l,j}),     Z_{l,j} i.i.d. at initialisation
 * </pre>
 * A unit Z is a tuple of parameter blocks, declared by {@link #params(long)} (for instance the
 * 2LP unit Z = (u, v) ∈ R^D × R^D). This is the plugin's one extension point: every residual
 * layer (finite blocks and stacks, and the limit layer, whose solver stages are blocks whose
 * units are the quadrature nodes) runs one kernel that loops over blocks and calls the unit's
 * forward and backward pieces. The pieces compute a whole group of M units at once, batched
 * over N rows, as GEMMs and element-wise passes of {@link UnitOps} on arrays the kernel
 * allocates once:
 * <ul>
 *   <li>{@code h}: [N, D], rows are examples;</li>
 *   <li>{@code z[k]}: [rows_k, M], block k of {@link #params} for the M units (unit j is column j);</li>
 *   <li>{@code stored[i]}: [N, {@link #storedColumns}[i]], written by forward, read by backward;</li>
 *   <li>{@code scratch[i]}: [N, {@link #scratchColumns}[i]], free working memory, contents undefined
 *       on entry.</li>
 * </ul>
 * All arrays are c-order and of one floating-point data type; none lives in a DL4J workspace.
 *
 * <p>Implementations are immutable values: they carry only configuration (activation, init
 * scales), have equals/hashCode over it, and round-trip through DL4J's JSON (polymorphic by
 * class name, like DL4J's activations: a public constructor annotated for Jackson, and getters)
 * and through Java serialization. {@link org.meanode.conf.ScaledResidualBlock},
 * {@link org.meanode.conf.ScaledResidualStack} and {@link org.meanode.conf.MeanOdeLayer} take any
 * implementation ({@code .unit(φ)}); the plugin provides
 * {@link TwoLayerUnit} (MODEL.md's 2LP block), {@link TwoLayerBiasUnit} and {@link GatedUnit}.
 * The theory asks φ to be Lipschitz in h (C² activations for its rates).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface UnitFunction extends Serializable {

    /**
     * @param embeddingDim D
     * @return the parameter blocks of one unit in flattening order; keys distinct
     */
    List<UnitParam> params(long embeddingDim);

    /**
     * @param embeddingDim D
     * @param units        M, the units of the group
     * @param ops          the operations the unit will run with (some activations need their input
     *                     kept for the backward pass, others not: {@link UnitOps#keepsInput})
     * @return the column counts of the arrays {@link #forward} stores for {@link #backward}
     */
    long[] storedColumns(long embeddingDim, int units, UnitOps ops);

    /**
     * @param embeddingDim D
     * @param units        M
     * @param ops          as in {@link #storedColumns}
     * @return the column counts of the scratch arrays of {@link #forward} and {@link #backward}
     */
    long[] scratchColumns(long embeddingDim, int units, UnitOps ops);

    /**
     * Forward piece: out += scale · Σ_j φ(h, Z_j), row by row, and what backward needs in
     * {@code stored}. With {@code out} null only {@code stored} is written (the kernel recomputes
     * a checkpointed segment); the values written must not depend on {@code out}.
     *
     * @param ops      the operations to compute with
     * @param h        [N, D], not modified
     * @param z        the M units' parameter blocks, [rows_k, M] each, not modified
     * @param scale    the multiplier, e.g. α/(L·M)
     * @param out      [N, D], accumulated into, or null; must not be {@code h}
     * @param stored   written: what backward needs
     * @param scratch  working memory
     * @param training whether this is a training pass (passed to the activations)
     */
    void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored,
                 INDArray[] scratch, boolean training);

    /**
     * Backward piece: the exact backward pass of the last {@link #forward} with the same
     * {@code h}, {@code z}, {@code scale} and {@code stored}: for g = ∂J/∂out,
     * <pre>
     *   dH += scale · Σ_j (∂φ(h, Z_j)/∂h)ᵀ g        dZ_j = scale · Σ_n (∂φ(h_n, Z_j)/∂Z_j)ᵀ g_n
     * </pre>
     * {@code dOut} and {@code dH} may be the same array (a residual stack accumulates ∂J/∂h in
     * place): implementations read {@code dOut} completely before writing {@code dH}.
     *
     * @param ops     the operations to compute with
     * @param h       [N, D], as in forward
     * @param z       as in forward
     * @param scale   as in forward
     * @param dOut    g = ∂J/∂out, [N, D]
     * @param stored  as written by forward
     * @param scratch working memory
     * @param dH      [N, D], accumulated into
     * @param dZ      [rows_k, M] each, overwritten with the parameter gradients
     */
    void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                  INDArray[] scratch, INDArray dH, INDArray[] dZ);

    /**
     * Floating-point operations of {@link #forward} per row and unit, for cost accounting
     * (2LP: 4·D, as MODEL.md counts).
     *
     * @param embeddingDim D
     * @return flops per (example, unit) of a forward pass
     */
    double forwardFlopsPerUnit(long embeddingDim);

    /**
     * The dimension that takes the place of D in the sampling term α·√D/√(L·M) of the error bound
     * (MODEL.md, "Error of the finite ResNet to its limit"; {@link org.meanode.predict.BlockModel}).
     * That term is the Monte Carlo error of one coordinate of the state: (α/(L·M)) times a sum of
     * L·M i.i.d. mean-zero unit outputs, whose std is that of one unit's output coordinate, σ_v
     * times an O(1) activation: √D for the 2LP unit with σ_v = √D (complete regime). A unit whose
     * output weights have another natural size overrides this: {@link ConvUnit} returns C (its
     * output at a pixel is v ∈ R^C with σ_v = √C), not C·H·W.
     *
     * @param embeddingDim D, the width of the state
     * @return the bound's dimension; D by default
     */
    default long samplingDimension(long embeddingDim) {
        return embeddingDim;
    }

    /**
     * Checks a unit's declaration for a layer: at least one block, distinct keys.
     *
     * @param owner        the layer or builder using the unit, for the message
     * @param unit         the unit function (not null)
     * @param embeddingDim D
     * @return {@code unit.params(embeddingDim)}
     * @throws IllegalArgumentException naming the unit and the problem
     */
    static List<UnitParam> checkedParams(String owner, UnitFunction unit, long embeddingDim) {
        if (unit == null) {
            throw new IllegalArgumentException(owner + ".unit is null; pass a unit function, e.g. .unit(new TwoLayerUnit())");
        }
        List<UnitParam> ps = unit.params(embeddingDim);
        if (ps == null || ps.isEmpty()) {
            throw new IllegalArgumentException(owner + ".unit = " + unit + " declares no parameter blocks; a unit"
                    + " function must return at least one UnitParam from params(D)");
        }
        Set<String> keys = new HashSet<>();
        for (UnitParam p : ps) {
            if (!keys.add(p.key())) {
                throw new IllegalArgumentException(owner + ".unit = " + unit + " declares the parameter key '" + p.key()
                        + "' twice; give every UnitParam of params(D) its own key");
            }
        }
        return ps;
    }
}
