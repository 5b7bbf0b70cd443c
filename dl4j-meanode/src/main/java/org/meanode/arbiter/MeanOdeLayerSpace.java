package org.meanode.arbiter;

import java.util.List;
import java.util.Objects;
import org.deeplearning4j.arbiter.layers.FeedForwardLayerSpace;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.deeplearning4j.arbiter.util.LeafUtils;
import org.meanode.conf.ConfigChecks;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.ode.QuadratureNodes;
import org.meanode.scaling.Regime;

/**
 * Arbiter layer space of {@link MeanOdeLayer}, the Neural Mean ODE limit layer. Leaves:
 * embedding width D, quadrature nodes P, solver steps S, solver, node scheme, α, σ_u, σ_v,
 * regime preset (supplies α, σ_u, σ_v where no space is set) and the activation of
 * {@code BaseLayerSpace}; {@code freshNodes} and the seed are fixed settings. Range setters are
 * log scale. As for {@link BaseScaledResidualSpace}, fixed values take no coordinate.
 *
 * <pre>{@code
 * MeanOdeLayerSpace limit = new MeanOdeLayerSpace.Builder().embeddingDim(16)
 *         .nodes(16, 256).steps(1, 8).solvers(OdeSolver.EULER, OdeSolver.RK4).alpha(0.5, 2).build();
 * }</pre>
 * Combinations the layer rejects (an odd P with ANTITHETIC nodes, D above the SOBOL limit) are
 * rejected when the space is built if its leaves can produce them.
 */
public class MeanOdeLayerSpace extends FeedForwardLayerSpace<MeanOdeLayer> {
    protected ParameterSpace<Integer> embeddingDim;
    protected ParameterSpace<Integer> nodes;
    protected ParameterSpace<Integer> steps;
    protected ParameterSpace<OdeSolver> solver;
    protected ParameterSpace<NodeScheme> nodeScheme;
    protected ParameterSpace<Double> alpha;
    protected ParameterSpace<Double> sigmaU;
    protected ParameterSpace<Double> sigmaV;
    protected ParameterSpace<Regime> regime;
    protected boolean freshNodes;
    protected Long seed;

    /** For JSON. */
    protected MeanOdeLayerSpace() {
    }

    protected MeanOdeLayerSpace(Builder b) {
        super(b);
        this.embeddingDim = b.embeddingDim;
        this.nodes = b.nodes;
        this.steps = b.steps;
        this.solver = b.solver;
        this.nodeScheme = b.nodeScheme;
        this.alpha = b.alpha;
        this.sigmaU = b.sigmaU;
        this.sigmaV = b.sigmaV;
        this.regime = b.regime;
        this.freshNodes = b.freshNodes;
        this.seed = b.seed;
        validate();
        this.numParameters = LeafUtils.countUniqueParameters(collectLeaves());
    }

    /** Checks every leaf and the combinations of D, P and node scheme; run when built and read from JSON. */
    protected void validate() {
        String owner = "MeanOdeLayerSpace";
        for (String[] f : new String[][] {{"embeddingDim", String.valueOf(embeddingDim)}, {"nodes", String.valueOf(nodes)},
            {"steps", String.valueOf(steps)}}) {
            if ("null".equals(f[1])) {
                throw new IllegalArgumentException(owner + "." + f[0] + " is not set; call ." + f[0] + "(value), ." + f[0]
                        + "(min, max) or ." + f[0] + "(ParameterSpace)");
            }
        }
        SpaceChecks.values(owner, "embeddingDim", embeddingDim, v -> v >= 1, "D must be ≥ 1", "use values ≥ 1");
        SpaceChecks.values(owner, "nodes", nodes, v -> v >= 1, "P must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(owner, "steps", steps, v -> v >= 1, "S must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(owner, "alpha", alpha, SpaceChecks::positiveFinite, "α must be finite and > 0",
                "use e.g. .alpha(0.1, 10)");
        SpaceChecks.values(owner, "sigmaU", sigmaU, SpaceChecks::positiveFinite, "σ_u must be finite and > 0",
                "use positive values or leave σ_u to the regime");
        SpaceChecks.values(owner, "sigmaV", sigmaV, SpaceChecks::positiveFinite, "σ_v must be finite and > 0",
                "use positive values or leave σ_v to the regime");
        SpaceChecks.enumValues(owner, "solver", solver, OdeSolver.class);
        SpaceChecks.enumValues(owner, "nodeScheme", nodeScheme, NodeScheme.class);
        SpaceChecks.enumValues(owner, "regime", regime, Regime.class);
        SpaceChecks.nonNull(owner, "activationFunction", activationFunction, "use activation values only");
        List<Object> schemes = nodeScheme == null ? List.of(NodeScheme.SOBOL) : SpaceChecks.probe(owner, "nodeScheme", nodeScheme);
        for (Object s : schemes) {
            for (Object d : SpaceChecks.probe(owner, "embeddingDim", embeddingDim)) {
                for (Object p : SpaceChecks.probe(owner, "nodes", nodes)) {
                    try {
                        QuadratureNodes.check((NodeScheme) s, ((Number) d).longValue(), ((Number) p).intValue());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(owner + ": nodeScheme = " + nodeScheme + ", embeddingDim = "
                                + embeddingDim + " and nodes = " + nodes + " can combine to " + s + ", D = " + d + ", P = " + p
                                + ", which MeanOdeLayer rejects: " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    @Override
    public MeanOdeLayer getValue(double[] values) {
        MeanOdeLayer.Builder b = new MeanOdeLayer.Builder();
        super.setLayerOptionsBuilder(b, values);
        long d = embeddingDim.getValue(values);
        Regime r = regime == null ? Regime.COMPLETE : regime.getValue(values);
        b.embeddingDim(d).nodes(nodes.getValue(values)).steps(steps.getValue(values)).freshNodes(freshNodes)
                .alpha(alpha == null ? r.alpha() : alpha.getValue(values))
                .sigmaU(sigmaU == null ? r.sigmaU(d) : sigmaU.getValue(values))
                .sigmaV(sigmaV == null ? r.sigmaV(d) : sigmaV.getValue(values));
        if (solver != null) {
            b.solver(solver.getValue(values));
        }
        if (nodeScheme != null) {
            b.nodeScheme(nodeScheme.getValue(values));
        }
        if (seed != null) {
            b.seed(seed);
        }
        return b.build();
    }

    /** @return the leaves with a free parameter (FixedValues take none and are left out) */
    @Override
    public List<ParameterSpace> collectLeaves() {
        return SpaceChecks.freeLeaves(super.collectLeaves());
    }

    /** @return this space as JSON (Arbiter's JsonMapper) */
    public String toJson() {
        return SpaceChecks.toJson(this);
    }

    /**
     * @param json a space written by {@link #toJson()}
     * @return the space, validated like a built one
     */
    public static MeanOdeLayerSpace fromJson(String json) {
        MeanOdeLayerSpace s = SpaceChecks.readJson(json, MeanOdeLayerSpace.class);
        s.validate();
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass() || !super.equals(o)) {
            return false;
        }
        MeanOdeLayerSpace s = (MeanOdeLayerSpace) o;
        return Objects.equals(embeddingDim, s.embeddingDim) && Objects.equals(nodes, s.nodes) && Objects.equals(steps, s.steps)
                && Objects.equals(solver, s.solver) && Objects.equals(nodeScheme, s.nodeScheme) && Objects.equals(alpha, s.alpha)
                && Objects.equals(sigmaU, s.sigmaU) && Objects.equals(sigmaV, s.sigmaV) && Objects.equals(regime, s.regime)
                && freshNodes == s.freshNodes && Objects.equals(seed, s.seed);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), embeddingDim, nodes, steps, solver, nodeScheme, alpha, sigmaU, sigmaV, regime,
                freshNodes, seed);
    }

    @Override
    public String toString() {
        return "MeanOdeLayerSpace(D=" + embeddingDim + ", P=" + nodes + ", S=" + steps + ", solver=" + solver + ", nodeScheme="
                + nodeScheme + ", alpha=" + alpha + ", sigmaU=" + sigmaU + ", sigmaV=" + sigmaV + ", regime=" + regime
                + ", activation=" + activationFunction + ", freshNodes=" + freshNodes + ", seed=" + seed + ")";
    }

    /** Builder; embeddingDim, nodes and steps are required. Range setters are log scale and check their range at once. */
    @SuppressWarnings("unchecked")
    public static class Builder extends FeedForwardLayerSpace.Builder<Builder> {
        private static final String OWNER = "MeanOdeLayerSpace.Builder";
        protected ParameterSpace<Integer> embeddingDim;
        protected ParameterSpace<Integer> nodes;
        protected ParameterSpace<Integer> steps;
        protected ParameterSpace<OdeSolver> solver;
        protected ParameterSpace<NodeScheme> nodeScheme;
        protected ParameterSpace<Double> alpha;
        protected ParameterSpace<Double> sigmaU;
        protected ParameterSpace<Double> sigmaV;
        protected ParameterSpace<Regime> regime;
        protected boolean freshNodes;
        protected Long seed;

        /** @param d fixed D @return this */
        public Builder embeddingDim(int d) {
            ConfigChecks.positive(OWNER, "embeddingDim", d, "call .embeddingDim(D) with D ≥ 1");
            return embeddingDim(new FixedValue<>(d));
        }

        /** @param s a space of D @return this */
        public Builder embeddingDim(ParameterSpace<Integer> s) {
            this.embeddingDim = s;
            return this;
        }

        /** @param p fixed P @return this */
        public Builder nodes(int p) {
            ConfigChecks.positive(OWNER, "nodes", p, "call .nodes(P) with P ≥ 1");
            return nodes(new FixedValue<>(p));
        }

        /** @param min smallest P @param max largest P @return this, log scale */
        public Builder nodes(int min, int max) {
            SpaceChecks.intRange(OWNER, "nodes", "P", min, max);
            return nodes(new LogIntegerSpace(min, max));
        }

        /** @param s a space of P @return this */
        public Builder nodes(ParameterSpace<Integer> s) {
            this.nodes = s;
            return this;
        }

        /** @param s fixed S @return this */
        public Builder steps(int s) {
            ConfigChecks.positive(OWNER, "steps", s, "call .steps(S) with S ≥ 1");
            return steps(new FixedValue<>(s));
        }

        /** @param min smallest S @param max largest S @return this, log scale */
        public Builder steps(int min, int max) {
            SpaceChecks.intRange(OWNER, "steps", "S", min, max);
            return steps(new LogIntegerSpace(min, max));
        }

        /** @param s a space of S @return this */
        public Builder steps(ParameterSpace<Integer> s) {
            this.steps = s;
            return this;
        }

        /** @param s solvers to choose among (default RK4) @return this */
        public Builder solvers(OdeSolver... s) {
            if (s.length == 0) {
                throw new IllegalArgumentException(OWNER + ".solver: no solver given; pass at least one OdeSolver");
            }
            return solver(s.length == 1 ? new FixedValue<>(s[0]) : new EnumSpace<>(s));
        }

        /** @param s a space of solvers @return this */
        public Builder solver(ParameterSpace<OdeSolver> s) {
            this.solver = s;
            return this;
        }

        /** @param s node schemes to choose among (default SOBOL) @return this */
        public Builder nodeSchemes(NodeScheme... s) {
            if (s.length == 0) {
                throw new IllegalArgumentException(OWNER + ".nodeScheme: no scheme given; pass at least one NodeScheme");
            }
            return nodeScheme(s.length == 1 ? new FixedValue<>(s[0]) : new EnumSpace<>(s));
        }

        /** @param s a space of node schemes @return this */
        public Builder nodeScheme(ParameterSpace<NodeScheme> s) {
            this.nodeScheme = s;
            return this;
        }

        /** @param a fixed α @return this */
        public Builder alpha(double a) {
            ConfigChecks.positiveFinite(OWNER, "alpha", a, "call .alpha(a) with a finite a > 0");
            return alpha(new FixedValue<>(a));
        }

        /** @param min smallest α @param max largest α @return this, log scale */
        public Builder alpha(double min, double max) {
            SpaceChecks.realRange(OWNER, "alpha", "α", min, max);
            return alpha(new LogUniformSpace(min, max));
        }

        /** @param s a space of α (null: the regime's) @return this */
        public Builder alpha(ParameterSpace<Double> s) {
            this.alpha = s;
            return this;
        }

        /** @param s a space of σ_u (null: the regime's) @return this */
        public Builder sigmaU(ParameterSpace<Double> s) {
            this.sigmaU = s;
            return this;
        }

        /** @param min smallest σ_v @param max largest σ_v @return this, log scale */
        public Builder sigmaV(double min, double max) {
            SpaceChecks.realRange(OWNER, "sigmaV", "σ_v", min, max);
            return sigmaV(new LogUniformSpace(min, max));
        }

        /** @param s a space of σ_v (null: the regime's) @return this */
        public Builder sigmaV(ParameterSpace<Double> s) {
            this.sigmaV = s;
            return this;
        }

        /** @param r fixed regime preset (default COMPLETE) @return this */
        public Builder regime(Regime r) {
            ConfigChecks.notNull(OWNER, "regime", r, "pass Regime.COMPLETE, SEMI_COMPLETE or LAZY");
            return regime(new FixedValue<>(r));
        }

        /** @param r regime presets to choose among @return this */
        public Builder regimes(Regime... r) {
            if (r.length == 0) {
                throw new IllegalArgumentException(OWNER + ".regime: no regime given; pass at least one Regime");
            }
            return regime(new EnumSpace<>(r));
        }

        /** @param s a space of regime presets @return this */
        public Builder regime(ParameterSpace<Regime> s) {
            this.regime = s;
            return this;
        }

        /** @param fresh independent nodes at every step and stage (default false: the limit mode) @return this */
        public Builder freshNodes(boolean fresh) {
            this.freshNodes = fresh;
            return this;
        }

        /** @param s seed of the layer's own node stream @return this */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        @Override
        public MeanOdeLayerSpace build() {
            return new MeanOdeLayerSpace(this);
        }
    }
}
