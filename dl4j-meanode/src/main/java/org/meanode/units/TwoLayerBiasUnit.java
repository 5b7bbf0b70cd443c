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
 * A two-layer-perceptron unit with a bias, φ(h, (u, b, v)) = v σ(uᵀh/D + b), u, v ∈ R^D, b ∈ R.
 * A layer of M units, with U, V : [D, M] and b : [1, M] (params "U", "b", "V" in this order):
 * <pre>
 *   P = h U / D + 1 b,   A = σ(P),   out += scale · A Vᵀ
 *   dV = scale · gᵀA,   dP = σ'(P) ⊙ (scale · g V),   dU = hᵀ dP / D,   db = 1ᵀ dP,   dH += dP Uᵀ / D
 * </pre>
 * φ is Lipschitz in h for a Lipschitz σ, so Theorem 1 of the paper applies.
 *
 * <p>Init: u ~ N(0, σ_u² I), b ~ N(0, σ_b²), v ~ N(0, σ_v² I); defaults σ_u = σ_v = √D (as the 2LP
 * unit) and σ_b = 1, the size of uᵀh/D at initialisation, so that the bias matters for every D.
 * Learning rates (see {@link UnitParam#sgdFactor()}): u and v take MODEL.md's per-unit step
 * (Sgd factor 1); b moves the pre-activation directly where u moves it through uᵀh/D, so its
 * per-unit step is b ← b − (η/α)(1/D) Σ_n σ'(p_n) vᵀB_n (Sgd factor 1/D), which moves p by Θ(1)
 * per step for every D, like u's step. Adaptive updaters: σ_u/α, σ_b/α, σ_v/α. b is a DL4J bias
 * (bias regularization and {@code biasUpdater} apply to it).
 */
public final class TwoLayerBiasUnit implements UnitFunction {
    private static final long serialVersionUID = 1L;
    /** Key of u. */
    public static final String U_KEY = "U";
    /** Key of b. */
    public static final String B_KEY = "b";
    /** Key of v. */
    public static final String V_KEY = "V";

    private final IActivation activation;
    private final Double sigmaU;
    private final double sigmaB;
    private final Double sigmaV;

    /** σ = tanh, σ_u = σ_v = √D, σ_b = 1. */
    public TwoLayerBiasUnit() {
        this(new ActivationTanH(), null, 1.0, null);
    }

    /**
     * @param activation σ; default scales
     */
    public TwoLayerBiasUnit(Activation activation) {
        this(activation == null ? null : activation.getActivationFunction(), null, 1.0, null);
    }

    /**
     * @param activation σ (not null; C² for the theory)
     * @param sigmaU     σ_u, finite &gt; 0, or null for √D
     * @param sigmaB     σ_b, finite &gt; 0
     * @param sigmaV     σ_v, finite &gt; 0, or null for √D
     */
    @JsonCreator
    public TwoLayerBiasUnit(@JsonProperty("activation") IActivation activation, @JsonProperty("sigmaU") Double sigmaU,
                            @JsonProperty("sigmaB") double sigmaB, @JsonProperty("sigmaV") Double sigmaV) {
        this.activation = UnitChecks.activation("TwoLayerBiasUnit", "activation", activation);
        this.sigmaU = UnitChecks.optionalStd("TwoLayerBiasUnit", "sigmaU", sigmaU);
        this.sigmaB = UnitChecks.optionalStd("TwoLayerBiasUnit", "sigmaB", sigmaB);
        this.sigmaV = UnitChecks.optionalStd("TwoLayerBiasUnit", "sigmaV", sigmaV);
    }

    /** @return σ */
    public IActivation getActivation() {
        return activation;
    }

    /** @return σ_u, or null for the default √D */
    public Double getSigmaU() {
        return sigmaU;
    }

    /** @return σ_b */
    public double getSigmaB() {
        return sigmaB;
    }

    /** @return σ_v, or null for the default √D */
    public Double getSigmaV() {
        return sigmaV;
    }

    @Override
    public List<UnitParam> params(long d) {
        return List.of(UnitParam.vector(U_KEY, d, UnitChecks.stdOrSqrtD(sigmaU, d)),
                new UnitParam(B_KEY, 1, sigmaB, 1.0 / d, true),
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
        Perceptron.forward(ops, activation, h, z[0], z[1], z[2], scale, out, stored, training);
    }

    @Override
    public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                         INDArray[] scratch, INDArray dH, INDArray[] dZ) {
        Perceptron.backward(ops, activation, h, z[0], z[2], scale, dOut, stored, scratch, dH, dZ[0], dZ[1], dZ[2]);
    }

    /** @return 4·D + 1 */
    @Override
    public double forwardFlopsPerUnit(long d) {
        return 4.0 * d + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TwoLayerBiasUnit t && activation.equals(t.activation) && Objects.equals(sigmaU, t.sigmaU)
                && Double.compare(sigmaB, t.sigmaB) == 0 && Objects.equals(sigmaV, t.sigmaV);
    }

    @Override
    public int hashCode() {
        return Objects.hash(TwoLayerBiasUnit.class, activation, sigmaU, sigmaB, sigmaV);
    }

    @Override
    public String toString() {
        return "TwoLayerBiasUnit(activation=" + activation + ", sigmaU=" + (sigmaU == null ? "√D" : sigmaU) + ", sigmaB="
                + sigmaB + ", sigmaV=" + (sigmaV == null ? "√D" : sigmaV) + ")";
    }
}
