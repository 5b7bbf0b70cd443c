package org.meanode.conf;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.exception.DL4JInvalidConfigException;
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
public class MeanOdeLayer extends FeedForwardLayer {
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
    /** α: residual scale. */
    protected double alpha;
    /** σ_u: std of the law of u. */
    protected double sigmaU;
    /** σ_v: std of the law of v. */
    protected double sigmaV;
    /** Seed of this layer's own node stream, or null for ND4J's global generator. */
    protected Long seed;
    /** φ, or null for MODEL.md's 2LP unit with this layer's σ, σ_u, σ_v. */
    protected UnitFunction unit;

    /** For JSON. */
    protected MeanOdeLayer() {
    }

    protected MeanOdeLayer(Builder b) {
        super(b);
        String owner = "MeanOdeLayer";
        if (b.embeddingDim == null) {
            throw new IllegalArgumentException(owner + ".embeddingDim is not set; call .embeddingDim(D) with D ≥ 1"
                    + " (the layer maps [minibatch, D] to [minibatch, D])");
        }
        long d = ConfigChecks.positive(owner, "embeddingDim", b.embeddingDim, "call .embeddingDim(D) with D ≥ 1");
        if (b.declaredNIn() > 0 && b.declaredNIn() != d || b.declaredNOut() > 0 && b.declaredNOut() != d) {
            throw new IllegalArgumentException(owner + ": nIn = " + b.declaredNIn() + ", nOut = " + b.declaredNOut()
                    + " differ from embeddingDim = " + d + "; the layer has nIn = nOut = D: set only .embeddingDim(D)");
        }
        this.nIn = d;
        this.nOut = d;
        this.nodes = (int) ConfigChecks.required(owner, "nodes", b.nodes, "call .nodes(P) with P ≥ 1");
        this.steps = (int) ConfigChecks.required(owner, "steps", b.steps, "call .steps(S) with S ≥ 1");
        this.solver = ConfigChecks.notNull(owner, "solver", b.solver, "pass OdeSolver.EULER, HEUN, RK3 or RK4");
        this.nodeScheme = ConfigChecks.notNull(owner, "nodeScheme", b.nodeScheme, "pass NodeScheme.IID, ANTITHETIC or SOBOL");
        this.freshNodes = b.freshNodes;
        this.alpha = ConfigChecks.positiveFinite(owner, "alpha", b.alpha, "call .alpha(a) with a finite a > 0 (default 1)");
        this.sigmaU = ConfigChecks.positiveFinite(owner, "sigmaU", b.sigmaU == null ? Math.sqrt(d) : b.sigmaU,
                "call .sigmaU(s) with a finite s > 0 (default √D)");
        this.sigmaV = ConfigChecks.positiveFinite(owner, "sigmaV", b.sigmaV == null ? Math.sqrt(d) : b.sigmaV,
                "call .sigmaV(s) with a finite s > 0 (default √D)");
        this.seed = b.seed;
        if (b.unit != null) {
            if (b.sigmaU != null || b.sigmaV != null || b.activationSet) {
                throw new IllegalArgumentException(owner + ": .unit(" + b.unit + ") is set together with "
                        + (b.activationSet ? ".activation(" + activationFn + ") " : "")
                        + (b.sigmaU != null ? ".sigmaU(" + b.sigmaU + ") " : "") + (b.sigmaV != null ? ".sigmaV(" + b.sigmaV + ") " : "")
                        + "but the unit function carries σ and its init scales; set them on the unit, e.g."
                        + " new TwoLayerUnit(activation, sigmaU, sigmaV)");
            }
            for (UnitParam q : UnitFunction.checkedParams(owner, b.unit, d)) {
                if (Character.isDigit(q.key().charAt(q.key().length() - 1))) {
                    throw new IllegalArgumentException(owner + ".unit = " + b.unit + " has the block key '" + q.key()
                            + "' ending in a digit; the layer appends the solver stage to each key, so unit keys must"
                            + " end with a letter");
                }
            }
            this.unit = b.unit;
        }
        try {
            QuadratureNodes.check(nodeScheme, d, nodes);
            long dims = unitParams().stream().mapToLong(UnitParam::rows).sum();
            QuadratureNodes.checkDimensions(nodeScheme, dims, nodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(owner + ": " + e.getMessage(), e);
        }
        if (this.activationFn == null) {
            this.activationFn = new ActivationTanH();
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

    /**
     * @return the unit function the layer integrates: {@link #getUnit()}, or MODEL.md's 2LP unit
     *         with this layer's activation, σ_u and σ_v when none is set
     */
    public UnitFunction effectiveUnit() {
        return unit != null ? unit : new TwoLayerUnit(activationFn, sigmaU, sigmaV);
    }

    /** @return the parameter blocks of one unit of {@link #effectiveUnit()} for this layer's D */
    public List<UnitParam> unitParams() {
        return effectiveUnit().params(nIn);
    }

    /** @return D, the embedding width (= nIn = nOut) */
    public long getEmbeddingDim() {
        return nIn;
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

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        checkInputType(layerIndex, inputType);
        return InputType.feedForward(nIn);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        checkInputType(-1, inputType);
    }

    private void checkInputType(int layerIndex, InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.FF) {
            throw new DL4JInvalidConfigException("MeanOdeLayer (layer '" + layerName + "', index " + layerIndex
                    + ") needs feed-forward input of size D = " + nIn + ", got input type " + inputType);
        }
        long size = ((InputType.InputTypeFeedForward) inputType).getSize();
        if (size != nIn) {
            throw new DL4JInvalidConfigException("MeanOdeLayer (layer '" + layerName + "', index " + layerIndex
                    + "): input size " + size + " differs from embeddingDim D = " + nIn
                    + "; put a MeanOdeEmbedding (nIn -> D) before it or set .embeddingDim(" + size + ")");
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
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
        double sgd = LearningRateRule.residualSgd(steps, nodes, nIn, alpha) / solver.tableau().b(stage) * q.sgdFactor();
        IUpdater base = q.bias() && biasUpdater != null ? biasUpdater : iUpdater;
        return LearningRateRule.scale(base, sgd, LearningRateRule.adaptive(q.initStd(), alpha));
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        long updaterState = iUpdater == null ? 0 : iUpdater.stateSize(params);
        int r = stages();
        UnitFunction f = effectiveUnit();
        long stored = java.util.Arrays.stream(f.storedColumns(nIn, nodes)).sum();
        long scratch = java.util.Arrays.stream(f.scratchColumns(nIn, nodes)).sum();
        // Per example: h at every step (S+1)·D, stage inputs S·(r−1)·D, the unit's stored arrays
        // per step and stage (2LP: pre-activations and activations, 2·P); backward scratch
        // (r + 2)·D plus the unit's scratch (2LP: 2·P).
        long perExample = (steps + 1L) * nIn + (long) steps * (r - 1) * nIn + (long) steps * r * stored
                + (r + 2L) * nIn + scratch;
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, InputType.feedForward(nIn))
                .standardMemory(params, updaterState)
                .workingMemory(0, perExample, 0, perExample)
                .cacheMemory(0, 0)
                .build();
    }

    /** @return the activation σ (default tanh); must be differentiable (C² for the theory) */
    public IActivation getActivation() {
        return activationFn;
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

    public double getAlpha() {
        return alpha;
    }

    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    public double getSigmaU() {
        return sigmaU;
    }

    public void setSigmaU(double sigmaU) {
        this.sigmaU = sigmaU;
    }

    public double getSigmaV() {
        return sigmaV;
    }

    public void setSigmaV(double sigmaV) {
        this.sigmaV = sigmaV;
    }

    public Long getSeed() {
        return seed;
    }

    public void setSeed(Long seed) {
        this.seed = seed;
    }

    /** @return φ, or null for MODEL.md's 2LP unit built from this layer's σ, σ_u, σ_v */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public UnitFunction getUnit() {
        return unit;
    }

    /** @param unit φ, or null for the 2LP unit (for JSON; the builder validates) */
    public void setUnit(UnitFunction unit) {
        this.unit = unit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MeanOdeLayer) || !super.equals(o)) {
            return false;
        }
        MeanOdeLayer t = (MeanOdeLayer) o;
        return nodes == t.nodes && steps == t.steps && solver == t.solver && nodeScheme == t.nodeScheme
                && freshNodes == t.freshNodes && Double.compare(alpha, t.alpha) == 0
                && Double.compare(sigmaU, t.sigmaU) == 0 && Double.compare(sigmaV, t.sigmaV) == 0
                && Objects.equals(seed, t.seed) && Objects.equals(unit, t.unit);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nodes, steps, solver, nodeScheme, freshNodes, alpha, sigmaU, sigmaV, seed, unit);
    }

    @Override
    public String toString() {
        return "MeanOdeLayer(name=" + layerName + ", D=" + nIn + ", P=" + nodes + ", S=" + steps + ", solver=" + solver
                + ", nodeScheme=" + nodeScheme + ", freshNodes=" + freshNodes + ", alpha=" + alpha + ", sigmaU=" + sigmaU
                + ", sigmaV=" + sigmaV + ", activation=" + activationFn + ", seed=" + seed
                + (unit == null ? "" : ", unit=" + unit) + ")";
    }

    /**
     * Builder; {@code embeddingDim}, {@code nodes} and {@code steps} are required. Each setter
     * validates its argument at once.
     */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private static final String OWNER = "MeanOdeLayer.Builder";
        private Long embeddingDim;
        private int nodes = (int) ConfigChecks.UNSET;
        private int steps = (int) ConfigChecks.UNSET;
        private OdeSolver solver = OdeSolver.RK4;
        private NodeScheme nodeScheme = NodeScheme.SOBOL;
        private boolean freshNodes;
        private double alpha = 1.0;
        private Double sigmaU;
        private Double sigmaV;
        private Long seed;
        private UnitFunction unit;
        private boolean activationSet;

        /** A builder with the defaults of the class comment. */
        public Builder() {
            this.activationFn = new ActivationTanH();
        }

        private long declaredNIn() {
            return nIn;
        }

        private long declaredNOut() {
            return nOut;
        }

        /**
         * @param d D, the width of the residual stream (nIn = nOut = D); required
         * @return this builder
         */
        public Builder embeddingDim(long d) {
            this.embeddingDim = ConfigChecks.positive(OWNER, "embeddingDim", d, "call .embeddingDim(D) with D ≥ 1");
            return this;
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

        /**
         * @param a α, the residual scale (default 1)
         * @return this builder
         */
        public Builder alpha(double a) {
            this.alpha = ConfigChecks.positiveFinite(OWNER, "alpha", a, "call .alpha(a) with a finite a > 0 (default 1)");
            return this;
        }

        /**
         * @param s σ_u, std of the law of u (default √D)
         * @return this builder
         */
        public Builder sigmaU(double s) {
            this.sigmaU = ConfigChecks.positiveFinite(OWNER, "sigmaU", s, "call .sigmaU(s) with a finite s > 0 (default √D)");
            return this;
        }

        /**
         * @param s σ_v, std of the law of v (default √D)
         * @return this builder
         */
        public Builder sigmaV(double s) {
            this.sigmaV = ConfigChecks.positiveFinite(OWNER, "sigmaV", s, "call .sigmaV(s) with a finite s > 0 (default √D)");
            return this;
        }

        /**
         * @param s seed of this layer's node stream; unset, the network's seed governs
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * @param u φ, the unit function to integrate (default: MODEL.md's 2LP unit with this
         *          builder's activation, σ_u, σ_v; with a unit those three must not be set)
         * @return this builder
         */
        public Builder unit(UnitFunction u) {
            this.unit = ConfigChecks.notNull(OWNER, "unit", u, "pass a unit function, e.g. new GatedUnit()");
            return this;
        }

        @Override
        public Builder activation(IActivation activationFunction) {
            this.activationSet = true;
            return super.activation(activationFunction);
        }

        @Override
        public Builder activation(Activation activation) {
            this.activationSet = true;
            return super.activation(activation);
        }

        @Override
        @SuppressWarnings("unchecked")
        public MeanOdeLayer build() {
            return new MeanOdeLayer(this);
        }
    }
}
