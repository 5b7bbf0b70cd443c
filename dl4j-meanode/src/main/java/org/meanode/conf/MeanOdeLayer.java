package org.meanode.conf;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.ode.QuadratureNodes;
import org.meanode.params.MeanOdeParams;
import org.meanode.scaling.LearningRateRule;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonInclude;

/**
 * The Neural Mean ODE limit of MODEL.md as one DL4J layer: with h of shape [minibatch, D],
 * <pre>
 *   dh/ds = α · E_{(u,v)} [ v σ(uᵀh/D) ]        s ∈ [0, 1],   h(0) = input,  output h(1)
 * </pre>
 * integrated by S steps of an explicit Runge–Kutta method ({@link OdeSolver}), the expectation
 * being the average over P quadrature nodes (u_p, v_p) of N(0, σ_u²I) ⊗ N(0, σ_v²I)
 * ({@link NodeScheme}). With r stages, step n and stage i evaluate
 * <pre>
 *   k_{n,i} = (α/P) · σ(x_{n,i} U_{n,i} / D) V_{n,i}ᵀ        U_{n,i}, V_{n,i} : [D, P]
 *   h_{n+1} = h_n + (1/S) Σ_i b_i k_{n,i}
 * </pre>
 * so each stage holds its own trainable copy of the units (params "U{i}", "V{i}" of shape
 * [S, D, P], stage i's units for every step; see {@link MeanOdeParams}). MODEL.md: only the
 * marginal law at each s enters the limit, so by default every step and stage starts from the
 * <em>same</em> P nodes ({@code freshNodes = false}, the limit mode); {@code freshNodes = true}
 * draws independent nodes for every step and stage, and with {@link OdeSolver#EULER}, S = L and
 * P = M the layer is exactly a {@link ScaledResidualStack}(L, M).
 *
 * <p>Backward: the exact discrete adjoint (backpropagation through every stage), so DL4J's
 * gradient checks pass. Training: a stage unit's term in h_{n+1} carries α·b_i/(S·P), where a
 * finite block's unit carries α/(L·M); the learning rate of stage i is therefore the stack's rule
 * with (L, M) → (S, P), divided by b_i (Sgd/Nesterovs: S·P·D/(2α²·b_i)), which makes every unit
 * take MODEL.md's per-unit step u ← u − (η/α)·Σ_n x_n σ'(·)(vᵀΛ_n/D), v ← v − (η/α)·Σ_n Λ_n σ(·),
 * with x the stage's input and Λ its normalised adjoint: K calls of {@code fit()} compute K steps
 * of the limit's training dynamics, discretised by the solver. Adaptive updaters get σ/α, as the
 * stack's units do ({@link LearningRateRule}).
 *
 * <p>Cost: {@link #unitEvaluationsPerForward()} = S·r·P unit evaluations per example and forward
 * pass, against L·M for a stack; a training step costs 12·S·r·P·D·N flops.
 *
 * <pre>{@code
 * new MeanOdeLayer.Builder().embeddingDim(20).nodes(256).steps(4)
 *         .solver(OdeSolver.RK4).nodeScheme(NodeScheme.SOBOL).build()
 * }</pre>
 * Defaults: α = 1, σ_u = σ_v = √D, tanh, RK4, SOBOL nodes shared across depth.
 *
 * <p>Generic units (MODEL.md, "Generic blocks"): with {@code unit(φ)} the layer integrates
 * dh/ds = α·E_Z[φ(h, Z)] for a {@link UnitFunction} φ, Z distributed as the unit's initial law
 * (independent Gaussian blocks with the unit's init stds); each stage holds one parameter per
 * block of the unit (key followed by the stage, [S, rows, P]) and the rates above are
 * multiplied by each block's {@link UnitParam#sgdFactor()} (adaptive: initStd/α). σ, σ_u and σ_v
 * then belong to the unit. Without a unit the layer uses MODEL.md's 2LP unit
 * ({@link TwoLayerUnit} with the layer's activation, σ_u and σ_v): existing configurations and
 * saved models are unchanged. ANTITHETIC pairs negate the unit's last block (φ must be odd in
 * it, as all the plugin's units are in v); SOBOL needs Σ rows ≤ 1000.
 */
public class MeanOdeLayer extends BaseUnitLayer {
    private static final long serialVersionUID = 1L;

    /** P: quadrature nodes per stage. */
    protected int nodes;
    /** S: solver steps over s ∈ [0, 1]. */
    protected int steps;
    /** The Runge–Kutta method. */
    protected OdeSolver solver;
    /** How the initial nodes are drawn. */
    protected NodeScheme nodeScheme;
    /** True: independent nodes at every step and stage; false: the same P nodes everywhere. */
    protected boolean freshNodes;

    /** For JSON. */
    protected MeanOdeLayer() {
    }

    protected MeanOdeLayer(Builder b) {
        super(b);
        String owner = "MeanOdeLayer";
        long d = nIn;
        this.nodes = (int) ConfigChecks.required(owner, "nodes", b.nodes, "call .nodes(P) with P ≥ 1");
        this.steps = (int) ConfigChecks.required(owner, "steps", b.steps, "call .steps(S) with S ≥ 1");
        this.solver = ConfigChecks.notNull(owner, "solver", b.solver, "pass OdeSolver.EULER, HEUN, RK3 or RK4");
        this.nodeScheme = ConfigChecks.notNull(owner, "nodeScheme", b.nodeScheme, "pass NodeScheme.IID, ANTITHETIC or SOBOL");
        this.freshNodes = b.freshNodes;
        if (unit != null) {
            for (UnitParam q : unit.params(d)) {
                if (Character.isDigit(q.key().charAt(q.key().length() - 1))) {
                    throw new IllegalArgumentException(owner + ".unit = " + unit + " has the block key '" + q.key()
                            + "' ending in a digit; the layer appends the solver stage to each key, so unit keys must"
                            + " end with a letter");
                }
            }
        }
        try {
            QuadratureNodes.check(nodeScheme, d, nodes);
            long dims = unitParams().stream().mapToLong(UnitParam::rows).sum();
            QuadratureNodes.checkDimensions(nodeScheme, dims, nodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
        }
        initializeConstraints(b);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new MeanOdeLayerRuntime(conf, dataType), initializer(), conf, listeners, layerIndex,
                paramsView, initializeParams);
    }

    @Override
    public MeanOdeParams initializer() {
        return MeanOdeParams.getInstance();
    }

    /** @return r, the solver's number of stages */
    public int stages() {
        return solver.stages();
    }

    /** @return S·r·P: unit evaluations per example in one forward pass (L·M for a stack) */
    public long unitEvaluationsPerForward() {
        return (long) steps * stages() * nodes;
    }

    /**
     * @param stage a stage i of the solver
     * @return α·b_i/(S·P), the factor of one unit's output v σ(uᵀx/D) of stage i in h_{n+1}
     */
    public double stageMultiplier(int stage) {
        return alpha * solver.tableau().b(stage) / ((double) steps * nodes);
    }

    /**
     * Stage i's "U{i}" and "V{i}" get the base updater times, for Sgd/Nesterovs,
     * {@link LearningRateRule#residualSgd}(S, P, D, α)/b_i = S·P·D/(2α²·b_i); for adaptive
     * updaters σ_u/α (U) and σ_v/α (V). A generic unit's block gets the same Sgd factor times its
     * {@link UnitParam#sgdFactor()}, and initStd/α for adaptive updaters; a bias block the
     * network's {@code biasUpdater} if one is set.
     */
    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        int stage = MeanOdeParams.stageOf(paramName);
        String unitKey = MeanOdeParams.unitKeyOf(paramName);
        UnitParam q = unitParams().stream().filter(x -> x.key().equals(unitKey)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("MeanOdeLayer '" + layerName + "' has no parameter '"
                        + paramName + "'; its unit " + effectiveUnit() + " has blocks "
                        + unitParams().stream().map(UnitParam::key).toList() + ", each followed by the stage"));
        if (stage >= stages()) {
            throw new IllegalArgumentException("MeanOdeLayer '" + layerName + "' has no parameter '" + paramName
                    + "': " + solver + " has " + stages() + " stages, numbered 0 … " + (stages() - 1));
        }
        return ResidualConfigs.updater(this, q, LearningRateRule.residualSgd(steps, nodes, nIn, alpha)
                / solver.tableau().b(stage), alpha);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return ResidualConfigs.memoryReport(this, inputType, initializer().numParams(this), effectiveUnit(), steps, 0,
                stages(), nodes);
    }

    public int getNodes() {
        return nodes;
    }

    public void setNodes(int nodes) {
        this.nodes = nodes;
    }

    public int getSteps() {
        return steps;
    }

    public void setSteps(int steps) {
        this.steps = steps;
    }

    public OdeSolver getSolver() {
        return solver;
    }

    public void setSolver(OdeSolver solver) {
        this.solver = solver;
    }

    public NodeScheme getNodeScheme() {
        return nodeScheme;
    }

    public void setNodeScheme(NodeScheme nodeScheme) {
        this.nodeScheme = nodeScheme;
    }

    public boolean isFreshNodes() {
        return freshNodes;
    }

    public void setFreshNodes(boolean freshNodes) {
        this.freshNodes = freshNodes;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof MeanOdeLayer t && nodes == t.nodes && steps == t.steps
                && solver == t.solver && nodeScheme == t.nodeScheme && freshNodes == t.freshNodes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nodes, steps, solver, nodeScheme, freshNodes);
    }

    @Override
    public String toString() {
        return "MeanOdeLayer(name=" + layerName + ", D=" + nIn + ", P=" + nodes + ", S=" + steps + ", solver=" + solver
                + ", nodeScheme=" + nodeScheme + ", freshNodes=" + freshNodes + ", " + unitString() + ")";
    }

    /**
     * Builder; {@code embeddingDim}, {@code nodes} and {@code steps} are required. Each setter
     * validates its argument at once.
     */
    public static class Builder extends BaseUnitLayer.Builder<Builder> {
        private static final String OWNER = "MeanOdeLayer.Builder";
        private int nodes = (int) ConfigChecks.UNSET;
        private int steps = (int) ConfigChecks.UNSET;
        private OdeSolver solver = OdeSolver.RK4;
        private NodeScheme nodeScheme = NodeScheme.SOBOL;
        private boolean freshNodes;

        /** A builder with the defaults of the class comment. */
        public Builder() {
        }

        /**
         * @param p P, the quadrature nodes per stage (required)
         * @return this builder
         */
        public Builder nodes(int p) {
            this.nodes = (int) ConfigChecks.positive(OWNER, "nodes", p, "call .nodes(P) with P ≥ 1");
            return this;
        }

        /**
         * @param s S, the solver steps over s ∈ [0, 1] (required)
         * @return this builder
         */
        public Builder steps(int s) {
            this.steps = (int) ConfigChecks.positive(OWNER, "steps", s, "call .steps(S) with S ≥ 1");
            return this;
        }

        /**
         * @param s the Runge–Kutta method (default RK4)
         * @return this builder
         */
        public Builder solver(OdeSolver s) {
            this.solver = ConfigChecks.notNull(OWNER, "solver", s, "pass OdeSolver.EULER, HEUN, RK3 or RK4");
            return this;
        }

        /**
         * @param s how the initial nodes are drawn (default SOBOL)
         * @return this builder
         */
        public Builder nodeScheme(NodeScheme s) {
            this.nodeScheme = ConfigChecks.notNull(OWNER, "nodeScheme", s, "pass NodeScheme.IID, ANTITHETIC or SOBOL");
            return this;
        }

        /**
         * @param fresh true: independent nodes at every step and stage (with EULER, the finite
         *              ResNet); false (default): the same nodes at every depth (the limit mode)
         * @return this builder
         */
        public Builder freshNodes(boolean fresh) {
            this.freshNodes = fresh;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MeanOdeLayer build() {
            return new MeanOdeLayer(this);
        }
    }
}
