package org.meanode.units;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The two-layer-perceptron unit of MODEL.md, φ(h, (u, v)) = v σ(uᵀh/D), u, v ∈ R^D. A layer of
 * M units computes, with U, V : [D, M] (params "U", "V"),
 * <pre>
 *   P = h U / D,   A = σ(P),   out += scale · A Vᵀ
 *   dV = scale · gᵀA,   dP = σ'(P) ⊙ (scale · g V),   dU = hᵀ dP / D,   dH += dP Uᵀ / D
 * </pre>
 * (P is computed in place into A, and not stored, when the activation's gradient needs only A:
 * tanh on the host, identity). It is the default unit of
 * {@link org.meanode.conf.ScaledResidualStack}, {@link org.meanode.conf.ScaledResidualBlock} and
 * {@link org.meanode.conf.MeanOdeLayer}, with their activation, σ_u and σ_v.
 *
 * <p>Init: u ~ N(0, σ_u² I), v ~ N(0, σ_v² I), default σ_u = σ_v = √D (the complete regime).
 * Learning rates: Sgd factor 1 for both (MODEL.md's per-unit step); adaptive updaters σ_u/α,
 * σ_v/α. Default σ = tanh.
 */
public final class TwoLayerUnit implements UnitFunction {
    private static final long serialVersionUID = 1L;
    /** Key of u. */
    public static final String U_KEY = "U";
    /** Key of v. */
    public static final String V_KEY = "V";

    private final IActivation activation;
    private final Double sigmaU;
    private final Double sigmaV;

    /** σ = tanh, σ_u = σ_v = √D. */
    public TwoLayerUnit() {
        this(new ActivationTanH(), null, null);
    }

    /**
     * @param activation σ; σ_u = σ_v = √D
     */
    public TwoLayerUnit(Activation activation) {
        this(activation == null ? null : activation.getActivationFunction(), null, null);
    }

    /**
     * @param activation σ (not null; C² for the theory)
     * @param sigmaU     σ_u, finite &gt; 0, or null for √D
     * @param sigmaV     σ_v, finite &gt; 0, or null for √D
     */
    @JsonCreator
    public TwoLayerUnit(@JsonProperty("activation") IActivation activation, @JsonProperty("sigmaU") Double sigmaU,
                        @JsonProperty("sigmaV") Double sigmaV) {
        UnitChecks.activation("TwoLayerUnit", "activation", activation);
        this.activation = activation;
        this.sigmaU = UnitChecks.optionalStd("TwoLayerUnit", "sigmaU", sigmaU);
        this.sigmaV = UnitChecks.optionalStd("TwoLayerUnit", "sigmaV", sigmaV);
    }

    /** @return σ */
    public IActivation getActivation() {
        return activation;
    }

    /** @return σ_u, or null for the default √D */
    public Double getSigmaU() {
        return sigmaU;
    }

    /** @return σ_v, or null for the default √D */
    public Double getSigmaV() {
        return sigmaV;
    }

    @Override
    public List<UnitParam> params(long d) {
        return List.of(UnitParam.vector(U_KEY, d, UnitChecks.stdOrSqrtD(sigmaU, d)),
                UnitParam.vector(V_KEY, d, UnitChecks.stdOrSqrtD(sigmaV, d)));
    }

    /** @return A, and P before it if the activation's gradient needs P ({@link UnitOps#keepsInput}); [N, M] each */
    @Override
    public long[] storedColumns(long d, int m, UnitOps ops) {
        return Perceptron.columns(ops, activation, m);
    }

    /** @return dA, and an activation scratch if P is kept; [N, M] each */
    @Override
    public long[] scratchColumns(long d, int m, UnitOps ops) {
        return Perceptron.columns(ops, activation, m);
    }

    @Override
    public void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored,
                        INDArray[] scratch, boolean training) {
        Perceptron.forward(ops, activation, h, z[0], null, z[1], scale, out, stored, training);
    }

    @Override
    public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                         INDArray[] scratch, INDArray dH, INDArray[] dZ) {
        Perceptron.backward(ops, activation, h, z[0], z[1], scale, dOut, stored, scratch, dH, dZ[0], null, dZ[1]);
    }

    /** @return 4·D: 2·D for uᵀh and 2·D for v σ (MODEL.md counts 4·L·M·D·N per forward pass) */
    @Override
    public double forwardFlopsPerUnit(long d) {
        return 4.0 * d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwoLayerUnit t && activation.equals(t.activation) && Objects.equals(sigmaU, t.sigmaU)
                && Objects.equals(sigmaV, t.sigmaV);
    }

    @Override
    public int hashCode() {
        return Objects.hash(TwoLayerUnit.class, activation, sigmaU, sigmaV);
    }

    @Override
    public String toString() {
        return "TwoLayerUnit(activation=" + activation + ", sigmaU=" + (sigmaU == null ? "√D" : sigmaU) + ", sigmaV="
                + (sigmaV == null ? "√D" : sigmaV) + ")";
    }
}
