package org.meanode.units;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A gated unit, φ(h, (u, g, v)) = v σ(uᵀh/D) γ(gᵀh/D), u, g, v ∈ R^D, with σ = tanh and the gate
 * γ = sigmoid by default. A layer of M units, with U, G, V : [D, M] (params "U", "G", "V"):
 * <pre>
 *   P = h U / D,  Q = h G / D,  A = σ(P),  S = γ(Q),  F = A ⊙ S,   out += scale · F Vᵀ
 *   dV = scale · gᵀF,  dF = scale · g V,  dP = σ'(P) ⊙ S ⊙ dF,  dQ = γ'(Q) ⊙ A ⊙ dF,
 *   dU = hᵀ dP / D,  dG = hᵀ dQ / D,  dH += (dP Uᵀ + dQ Gᵀ) / D
 * </pre>
 * φ is Lipschitz in h for bounded Lipschitz σ and γ (tanh, sigmoid), so Theorem 1 applies.
 *
 * <p>Init: u ~ N(0, σ_u² I), g ~ N(0, σ_g² I), v ~ N(0, σ_v² I), defaults √D for all three, so
 * that both uᵀh/D and gᵀh/D are Θ(1). Learning rates: every block is a vector acting on h or the
 * output, so each takes MODEL.md's per-unit step (Sgd factor 1); adaptive updaters σ/α per block.
 */
public final class GatedUnit implements UnitFunction {
    private static final long serialVersionUID = 1L;
    /** Key of u. */
    public static final String U_KEY = "U";
    /** Key of g. */
    public static final String G_KEY = "G";
    /** Key of v. */
    public static final String V_KEY = "V";

    private final IActivation activation;
    private final IActivation gate;
    private final Double sigmaU;
    private final Double sigmaG;
    private final Double sigmaV;

    /** σ = tanh, γ = sigmoid, σ_u = σ_g = σ_v = √D. */
    public GatedUnit() {
        this(new ActivationTanH(), new ActivationSigmoid(), null, null, null);
    }

    /**
     * @param activation σ (not null; C² for the theory)
     * @param gate       γ (not null; C² for the theory)
     * @param sigmaU     σ_u, finite &gt; 0, or null for √D
     * @param sigmaG     σ_g, finite &gt; 0, or null for √D
     * @param sigmaV     σ_v, finite &gt; 0, or null for √D
     */
    @JsonCreator
    public GatedUnit(@JsonProperty("activation") IActivation activation, @JsonProperty("gate") IActivation gate,
                     @JsonProperty("sigmaU") Double sigmaU, @JsonProperty("sigmaG") Double sigmaG,
                     @JsonProperty("sigmaV") Double sigmaV) {
        this.activation = UnitChecks.activation("GatedUnit", "activation", activation);
        this.gate = UnitChecks.activation("GatedUnit", "gate", gate);
        this.sigmaU = UnitChecks.optionalStd("GatedUnit", "sigmaU", sigmaU);
        this.sigmaG = UnitChecks.optionalStd("GatedUnit", "sigmaG", sigmaG);
        this.sigmaV = UnitChecks.optionalStd("GatedUnit", "sigmaV", sigmaV);
    }

    /** @return σ */
    public IActivation getActivation() {
        return activation;
    }

    /** @return γ */
    public IActivation getGate() {
        return gate;
    }

    /** @return σ_u, or null for the default √D */
    public Double getSigmaU() {
        return sigmaU;
    }

    /** @return σ_g, or null for the default √D */
    public Double getSigmaG() {
        return sigmaG;
    }

    /** @return σ_v, or null for the default √D */
    public Double getSigmaV() {
        return sigmaV;
    }

    @Override
    public List<UnitParam> params(long d) {
        return List.of(UnitParam.vector(U_KEY, d, UnitChecks.stdOrSqrtD(sigmaU, d)),
                UnitParam.vector(G_KEY, d, UnitChecks.stdOrSqrtD(sigmaG, d)),
                UnitParam.vector(V_KEY, d, UnitChecks.stdOrSqrtD(sigmaV, d)));
    }

    /** @return P, Q, A, S, [N, M] each */
    @Override
    public long[] storedColumns(long d, int m) {
        return new long[] {m, m, m, m};
    }

    /** @return F, dF, two activation inputs and ε for γ, [N, M] each */
    @Override
    public long[] scratchColumns(long d, int m) {
        return new long[] {m, m, m, m, m};
    }

    @Override
    public void forward(INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored, INDArray[] scratch,
                        boolean training) {
        double invD = 1.0 / h.size(1);
        INDArray p = stored[0];
        INDArray q = stored[1];
        INDArray a = stored[2];
        INDArray s = stored[3];
        INDArray f = scratch[0];
        Nd4j.gemm(h, z[0], p, false, false, invD, 0.0);
        Nd4j.gemm(h, z[1], q, false, false, invD, 0.0);
        ActivationOps.apply(activation, p, a, training);
        ActivationOps.apply(gate, q, s, training);
        f.assign(a).muli(s);
        Nd4j.gemm(f, z[2], out, false, true, scale, 1.0);
    }

    @Override
    public void backward(INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored, INDArray[] scratch,
                         INDArray dH, INDArray[] dZ) {
        double invD = 1.0 / h.size(1);
        INDArray a = stored[2];
        INDArray s = stored[3];
        INDArray f = scratch[0];
        INDArray dF = scratch[1];
        INDArray epsP = scratch[2];
        INDArray epsQ = scratch[4];
        f.assign(a).muli(s);
        Nd4j.gemm(dOut, f, dZ[2], true, false, scale, 0.0);
        Nd4j.gemm(dOut, z[2], dF, false, false, scale, 0.0);
        epsP.assign(dF).muli(s);
        INDArray dP = ActivationOps.backprop(activation, stored[0], epsP, scratch[3]);
        epsQ.assign(dF).muli(a);
        INDArray dQ = ActivationOps.backprop(gate, stored[1], epsQ, f);
        Nd4j.gemm(h, dP, dZ[0], true, false, invD, 0.0);
        Nd4j.gemm(h, dQ, dZ[1], true, false, invD, 0.0);
        Nd4j.gemm(dP, z[0], dH, false, true, invD, 1.0);
        Nd4j.gemm(dQ, z[1], dH, false, true, invD, 1.0);
    }

    /** @return 6·D + 1: uᵀh, gᵀh, the product and v·f */
    @Override
    public double forwardFlopsPerUnit(long d) {
        return 6.0 * d + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatedUnit t && activation.equals(t.activation) && gate.equals(t.gate)
                && Objects.equals(sigmaU, t.sigmaU) && Objects.equals(sigmaG, t.sigmaG) && Objects.equals(sigmaV, t.sigmaV);
    }

    @Override
    public int hashCode() {
        return Objects.hash(GatedUnit.class, activation, gate, sigmaU, sigmaG, sigmaV);
    }

    @Override
    public String toString() {
        return "GatedUnit(activation=" + activation + ", gate=" + gate + ", sigmaU=" + (sigmaU == null ? "√D" : sigmaU)
                + ", sigmaG=" + (sigmaG == null ? "√D" : sigmaG) + ", sigmaV=" + (sigmaV == null ? "√D" : sigmaV) + ")";
    }
}
