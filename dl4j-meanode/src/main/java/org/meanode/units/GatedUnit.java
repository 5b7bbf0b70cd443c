package org.meanode.units;

import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
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

    /**
     * @return A, S, then P if σ's gradient needs it and Q if γ's does ({@link UnitOps#keepsInput}),
     *         [N, M] each
     */
    @Override
    public long[] storedColumns(long d, int m, UnitOps ops) {
        int n = 2 + (ops.keepsInput(activation) ? 1 : 0) + (ops.keepsInput(gate) ? 1 : 0);
        long[] out = new long[n];
        java.util.Arrays.fill(out, m);
        return out;
    }

    /** @return F, dF, two activation scratches and ε for γ, [N, M] each */
    @Override
    public long[] scratchColumns(long d, int m, UnitOps ops) {
        return new long[] {m, m, m, m, m};
    }

    /** @return P's array: stored[2] if kept, else A's (σ computed in place) */
    private INDArray pre(UnitOps ops, INDArray[] stored) {
        return ops.keepsInput(activation) ? stored[2] : stored[0];
    }

    /** @return Q's array: the last stored array if kept, else S's (γ computed in place) */
    private INDArray gateIn(UnitOps ops, INDArray[] stored) {
        return ops.keepsInput(gate) ? stored[stored.length - 1] : stored[1];
    }

    @Override
    public void forward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray out, INDArray[] stored,
                        INDArray[] scratch, boolean training) {
        double invD = 1.0 / h.size(1);
        INDArray a = stored[0];
        INDArray s = stored[1];
        INDArray p = pre(ops, stored);
        INDArray q = gateIn(ops, stored);
        ops.gemm(h, false, z[0], false, p, invD, 0.0);
        ops.gemm(h, false, z[1], false, q, invD, 0.0);
        ops.activate(activation, p, a, training);
        ops.activate(gate, q, s, training);
        if (out != null) {
            INDArray f = scratch[0];
            ops.mul(a, s, f);
            ops.gemm(f, false, z[2], true, out, scale, 1.0);
        }
    }

    @Override
    public void backward(UnitOps ops, INDArray h, INDArray[] z, double scale, INDArray dOut, INDArray[] stored,
                         INDArray[] scratch, INDArray dH, INDArray[] dZ) {
        double invD = 1.0 / h.size(1);
        INDArray a = stored[0];
        INDArray s = stored[1];
        INDArray p = ops.keepsInput(activation) ? pre(ops, stored) : null;
        INDArray q = ops.keepsInput(gate) ? gateIn(ops, stored) : null;
        INDArray f = scratch[0];
        INDArray dF = scratch[1];
        INDArray epsP = scratch[2];
        INDArray epsQ = scratch[4];
        ops.mul(a, s, f);
        ops.gemm(dOut, true, f, false, dZ[2], scale, 0.0);
        ops.gemm(dOut, false, z[2], false, dF, scale, 0.0);
        ops.mul(dF, s, epsP);
        INDArray dP = ops.activationGrad(activation, p, a, epsP, scratch[3]);
        ops.mul(dF, a, epsQ);
        INDArray dQ = ops.activationGrad(gate, q, s, epsQ, f);
        ops.gemm(h, true, dP, false, dZ[0], invD, 0.0);
        ops.gemm(h, true, dQ, false, dZ[1], invD, 0.0);
        ops.gemm(dP, false, z[0], true, dH, invD, 1.0);
        ops.gemm(dQ, false, z[1], true, dH, invD, 1.0);
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
