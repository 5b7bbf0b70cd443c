package org.meanode.arbiter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.ParameterSpace;
import org.deeplearning4j.arbiter.optimize.parameter.FixedValue;
import org.meanode.conf.ConfigChecks;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.ode.QuadratureNodes;

/**
 * Arbiter layer space of {@link MeanOdeLayer}, the Neural Mean ODE limit layer on hidden states
 * [N, D]: dx/ds = α·E_{(u,v)}[u·σ(vᵀx)] integrated over s ∈ [0, 1] by S steps of an explicit
 * Runge–Kutta solver with P quadrature nodes per stage. Leaves: embedding width D, quadrature
 * nodes P, solver steps S, solver, node scheme, α, σ_u, σ_v, regime preset (supplies α, σ_u, σ_v
 * where no space is set) and the activation of {@code BaseLayerSpace}; {@code freshNodes} and the
 * seed are fixed settings. The shared leaves are held by {@link BaseResidualLayerSpace}. Range
 * setters are log scale; fixed values take no coordinate.
 *
 * <pre>{@code
 * MeanOdeLayerSpace limit = new MeanOdeLayerSpace.Builder().embeddingDim(16)
 *         .nodes(16, 256).steps(1, 8).solvers(OdeSolver.EULER, OdeSolver.RK4).alpha(0.5, 2).build();
 * }</pre>
 * Combinations the layer rejects (an odd P with ANTITHETIC nodes, D above the SOBOL limit) are
 * rejected when the space is built if its leaves can produce them.
 */
public class MeanOdeLayerSpace extends BaseResidualLayerSpace<MeanOdeLayer> {
    protected ParameterSpace<Integer> nodes;
    protected ParameterSpace<Integer> steps;
    protected ParameterSpace<OdeSolver> solver;
    protected ParameterSpace<NodeScheme> nodeScheme;
    protected boolean freshNodes;

    /** For JSON. */
    protected MeanOdeLayerSpace() {
    }

    protected MeanOdeLayerSpace(Builder b) {
        super(b);
        this.nodes = b.nodes;
        this.steps = b.steps;
        this.solver = b.solver;
        this.nodeScheme = b.nodeScheme;
        this.freshNodes = b.freshNodes;
        finish();
    }

    /** @return "nodes", "steps", "solver", "nodeScheme" */
    @Override
    protected Map<String, ParameterSpace<?>> ownLeaves() {
        Map<String, ParameterSpace<?>> m = new LinkedHashMap<>();
        m.put("nodes", nodes);
        m.put("steps", steps);
        m.put("solver", solver);
        m.put("nodeScheme", nodeScheme);
        return m;
    }

    /** @return "freshNodes" */
    @Override
    protected Map<String, Object> ownSettings() {
        return Map.of("freshNodes", freshNodes);
    }

    @Override
    protected void validateOwnLeaves(String owner) {
        SpaceChecks.required(owner, "nodes", nodes, SpaceChecks.setters("nodes"));
        SpaceChecks.required(owner, "steps", steps, SpaceChecks.setters("steps"));
        SpaceChecks.values(owner, "nodes", nodes, v -> v >= 1, "P must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.values(owner, "steps", steps, v -> v >= 1, "S must be ≥ 1", "use a range within [1, ∞)");
        SpaceChecks.enumValues(owner, "solver", solver, OdeSolver.class);
        SpaceChecks.enumValues(owner, "nodeScheme", nodeScheme, NodeScheme.class);
    }

    /** Checks every leaf and the combinations of D, P and node scheme; run when built and read from JSON. */
    @Override
    protected void validate() {
        super.validate();
        String owner = "MeanOdeLayerSpace";
        List<Object> schemes = nodeScheme == null ? List.of(NodeScheme.SOBOL) : SpaceChecks.probe(owner, "nodeScheme", nodeScheme);
        for (Object s : schemes) {
            for (Object d : SpaceChecks.probe(owner, "embeddingDim", getEmbeddingDim())) {
                for (Object p : SpaceChecks.probe(owner, "nodes", nodes)) {
                    try {
                        QuadratureNodes.check((NodeScheme) s, ((Number) d).longValue(), ((Number) p).intValue());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(owner + ": nodeScheme = " + nodeScheme + ", embeddingDim = "
                                + getEmbeddingDim() + " and nodes = " + nodes + " can combine to " + s + ", D = " + d
                                + ", P = " + p + ", which MeanOdeLayer rejects: " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    @Override
    public MeanOdeLayer getValue(double[] values) {
        MeanOdeLayer.Builder b = new MeanOdeLayer.Builder();
        super.setLayerOptionsBuilder(b, values);
        ScaleLeaves.Scales s = scalesAt(values);
        b.embeddingDim(s.embeddingDim()).nodes(nodes.getValue(values)).steps(steps.getValue(values)).freshNodes(freshNodes)
                .alpha(s.alpha()).sigmaU(s.sigmaU()).sigmaV(s.sigmaV());
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

    /**
     * @param json a space written by {@link #toJson()}
     * @return the space, validated like a built one
     */
    public static MeanOdeLayerSpace fromJson(String json) {
        return fromJson(json, MeanOdeLayerSpace.class);
    }

    /** Builder; embeddingDim, nodes and steps are required. Range setters are log scale and check their range at once. */
    public static class Builder extends BaseResidualLayerSpace.Builder<Builder> {
        private static final String OWNER = "MeanOdeLayerSpace.Builder";
        protected ParameterSpace<Integer> nodes;
        protected ParameterSpace<Integer> steps;
        protected ParameterSpace<OdeSolver> solver;
        protected ParameterSpace<NodeScheme> nodeScheme;
        protected boolean freshNodes;

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
            return solver(SpaceChecks.choice(OWNER, "solver", "solver", s));
        }

        /** @param s a space of solvers @return this */
        public Builder solver(ParameterSpace<OdeSolver> s) {
            this.solver = s;
            return this;
        }

        /** @param s node schemes to choose among (default SOBOL) @return this */
        public Builder nodeSchemes(NodeScheme... s) {
            return nodeScheme(SpaceChecks.choice(OWNER, "nodeScheme", "scheme", s));
        }

        /** @param s a space of node schemes @return this */
        public Builder nodeScheme(ParameterSpace<NodeScheme> s) {
            this.nodeScheme = s;
            return this;
        }

        /** @param fresh independent nodes at every step and stage (default false: the limit mode) @return this */
        public Builder freshNodes(boolean fresh) {
            this.freshNodes = fresh;
            return this;
        }

        @Override
        public MeanOdeLayerSpace build() {
            return new MeanOdeLayerSpace(this);
        }
    }
}
