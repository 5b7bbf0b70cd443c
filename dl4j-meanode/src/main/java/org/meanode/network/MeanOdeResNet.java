package org.meanode.network;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.conf.ConfigChecks;
import org.meanode.conf.KernelMode;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.LearningRateRule;
import org.meanode.scaling.Regime;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The immutable spec of the whole network of MODEL.md, which it builds as a
 * {@link MultiLayerConfiguration} or a {@link ComputationGraphConfiguration}: input [N, d_in],
 * embedding x_0 = W_E·input ([N, D]), L residual 2LP blocks of width M,
 * x_{l+1} = x_l + (α/(L·M))·Σ_m u_{l,m}·σ(v_{l,m}ᵀx_l) ([N, D]), readout W_U·x_L ([N, d_out]) and
 * a loss layer: DL4J's MSE by default, or any output activation and loss
 * ({@code .output(Activation.SOFTMAX, LossFunction.MCXENT)} for a classifier).
 *
 * <pre>{@code
 * MeanOdeResNet spec = MeanOdeResNet.builder()
 *         .nIn(5).nOut(5).embeddingDim(20).depth(50).width(20)
 *         .regime(Regime.COMPLETE).learningRate(1.0).seed(42).build();
 * MultiLayerNetwork net = spec.multiLayerNetwork();   // initialised, Sgd(η) with the rate rule
 * }</pre>
 *
 * <p>The blocks are fused into one {@link ScaledResidualStack} by default
 * ({@code fused(false)} gives L separate {@link ScaledResidualBlock}s: same math, slower).
 * The stack's {@link KernelMode} ({@code kernelMode}, default AUTO) and its checkpointing
 * ({@code checkpointing(true)} or {@code checkpointInterval(k)}, default off) trade nothing in
 * results: see {@link ScaledResidualStack} for the memory and time they cost.
 * With {@code unit(φ)} the blocks compute the unit function φ instead of the 2LP unit (with
 * {@code limit(..)}, the {@link MeanOdeLayer} integrates φ); the regime then sets α only, φ carries
 * σ and its own init scales.
 * {@link Builder#limit(int, int, OdeSolver, NodeScheme)} replaces the blocks by one
 * {@link MeanOdeLayer}, the network's L → ∞ limit (no depth or width then), with the same
 * embedding, readout, loss and learning-rate conventions:
 * <pre>{@code
 * MeanOdeResNet limit = MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(20)
 *         .limit(256, 4, OdeSolver.RK4, NodeScheme.SOBOL).learningRate(1.0).seed(42).build();
 * }</pre>
 * Layer names: "embedding", "stack" (or "block0" … "block{L-1}", or "limit"), "readout", "loss";
 * the graph's input is "input". The spec is immutable; it records every field for provenance
 * ({@link #toString()}).
 * The setters are in {@link BaseResNetBuilder}; the package's assembly classes build the layers.
 */
public final class MeanOdeResNet {
    /** Name of the graph input. */
    public static final String INPUT = "input";
    /** Name of the embedding layer. */
    public static final String EMBEDDING = "embedding";
    /** Name of the fused residual stack. */
    public static final String STACK = "stack";
    /** Prefix of the names of unfused blocks ("block0", "block1", …). */
    public static final String BLOCK_PREFIX = "block";
    /** Name of the {@link MeanOdeLayer} of a limit network. */
    public static final String LIMIT = "limit";
    /** Name of the readout layer. */
    public static final String READOUT = "readout";
    /** Name of the loss layer. */
    public static final String LOSS = "loss";
    /** The owner named in error messages. */
    static final String OWNER = "MeanOdeResNet";

    private final long nIn;
    private final long nOut;
    private final long embeddingDim;
    private final int depth;
    private final int width;
    private final Regime regime;
    private final double alpha;
    private final double sigmaU;
    private final double sigmaV;
    private final IActivation activation;
    private final IUpdater updater;
    private final IActivation outputActivation;
    private final ILossFunction lossFunction;
    private final long seed;
    private final boolean fused;
    private final boolean trainableEmbedding;
    private final boolean trainableReadout;
    private final DataType dataType;
    private final WorkspaceMode workspaceMode;
    private final KernelMode kernelMode;
    private final int checkpointInterval;
    private final List<ScaledResidualBlock> customBlocks;
    private final UnitFunction unit;
    private final int nodes;
    private final int steps;
    private final OdeSolver solver;
    private final NodeScheme nodeScheme;
    private final boolean freshNodes;

    private MeanOdeResNet(Builder b) {
        String o = OWNER;
        this.nIn = ConfigChecks.required(o, "nIn", b.nIn, "call .nIn(d_in) with d_in ≥ 1");
        this.nOut = ConfigChecks.required(o, "nOut", b.nOut, "call .nOut(d_out) with d_out ≥ 1");
        this.embeddingDim = ConfigChecks.required(o, "embeddingDim", b.embeddingDim, "call .embeddingDim(D) with D ≥ 1");
        this.regime = b.regime;
        this.activation = b.activation;
        this.updater = ConfigChecks.notNull(o, "updater", b.updater, "call .learningRate(η) or .updater(new Adam(η))");
        LearningRateRule.family(updater); // rejects unsupported updaters before any layer is built
        this.outputActivation = b.outputActivation;
        this.lossFunction = b.lossFunction;
        this.seed = b.seed;
        this.fused = b.fused;
        this.trainableEmbedding = b.trainableEmbedding;
        this.trainableReadout = b.trainableReadout;
        this.dataType = ConfigChecks.notNull(o, "dataType", b.dataType, "call .dataType(DataType.FLOAT) or DOUBLE");
        this.workspaceMode = ConfigChecks.notNull(o, "workspaceMode", b.workspaceMode,
                "call .workspaceMode(WorkspaceMode.ENABLED) or NONE");
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException(o + ".dataType = " + dataType + " is invalid: use FLOAT, DOUBLE or HALF");
        }
        this.kernelMode = b.kernelMode;
        this.unit = b.unit;
        if (unit != null) {
            SpecChecks.unitOptions(b);
        }
        this.solver = b.solver;
        this.nodes = b.nodes;
        this.steps = b.steps;
        this.nodeScheme = b.nodeScheme;
        this.freshNodes = b.freshNodes;
        if (b.solver != null) {
            LimitAssembly.check(b, embeddingDim);
            this.customBlocks = null;
            this.depth = 0;
            this.width = 0;
        } else if (b.customBlocks != null) {
            this.customBlocks = List.copyOf(b.customBlocks);
            FiniteAssembly.checkBlocks(customBlocks, embeddingDim);
            ScaledResidualBlock first = customBlocks.get(0);
            this.depth = customBlocks.size();
            this.width = first.getWidth();
        } else {
            this.customBlocks = null;
            this.depth = (int) ConfigChecks.required(o, "depth", b.depth, "call .depth(L) with L ≥ 1");
            this.width = (int) ConfigChecks.required(o, "width", b.width, "call .width(M) with M ≥ 1");
        }
        // The scales: the blocks' own when the user supplied them, else the builder's or the regime's.
        ScaledResidualBlock given = customBlocks != null ? customBlocks.get(0) : null;
        this.alpha = given != null ? given.getAlpha() : ConfigChecks.positiveFinite(o, "alpha",
                b.alpha != null ? b.alpha : regime.alpha(), "call .alpha(a) with a finite a > 0");
        this.sigmaU = given != null ? given.getSigmaU() : ConfigChecks.positiveFinite(o, "sigmaU",
                b.sigmaU != null ? b.sigmaU : regime.sigmaU(embeddingDim), "call .sigmaU(s) with a finite s > 0");
        this.sigmaV = given != null ? given.getSigmaV() : ConfigChecks.positiveFinite(o, "sigmaV",
                b.sigmaV != null ? b.sigmaV : regime.sigmaV(embeddingDim), "call .sigmaV(s) with a finite s > 0");
        SpecChecks.kernelOptions(b);
        this.checkpointInterval = ScaledResidualStack.checkpointInterval(o, b.checkpointing, b.checkpointInterval, depth);
    }

    /** @return a new builder (defaults: COMPLETE regime, tanh, Sgd(1.0), seed 0, fused, float32) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that every residual layer of a configuration carries the network's depth: the
     * total number of blocks (a stack counts L). Use it on configurations assembled by hand.
     *
     * @param conf a configuration holding plugin layers
     * @throws IllegalArgumentException naming the first layer whose depth is wrong
     */
    public static void checkDepths(MultiLayerConfiguration conf) {
        NetworkAssembly.checkDepths(conf);
    }

    /**
     * Graph version of {@link #checkDepths(MultiLayerConfiguration)}.
     *
     * @param conf a graph configuration holding plugin layers
     */
    public static void checkDepths(ComputationGraphConfiguration conf) {
        NetworkAssembly.checkDepths(conf);
    }

    /** @return the network as a MultiLayerConfiguration (depths checked) */
    public MultiLayerConfiguration multiLayerConfiguration() {
        return NetworkAssembly.multiLayerConfiguration(this);
    }

    /** @return the network as a ComputationGraphConfiguration with input "input" and output "loss" */
    public ComputationGraphConfiguration graphConfiguration() {
        return NetworkAssembly.graphConfiguration(this);
    }

    /** @return a new, initialised MultiLayerNetwork */
    public MultiLayerNetwork multiLayerNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(multiLayerConfiguration());
        net.init();
        return net;
    }

    /** @return a new, initialised ComputationGraph */
    public ComputationGraph computationGraph() {
        ComputationGraph g = new ComputationGraph(graphConfiguration());
        g.init();
        return g;
    }

    /**
     * @param minibatch N
     * @return the flops of one full-batch GD step of the residual part, 12·L·M·D·N (MODEL.md);
     *         for a limit network 12·S·r·P·D·N
     */
    public double flopsPerStep(long minibatch) {
        return 12.0 * unitEvaluationsPerForward() * embeddingDim * minibatch;
    }

    /**
     * @return unit evaluations per example and forward pass: L·M, or S·r·P for a limit network
     *         (r the solver's stages)
     */
    public long unitEvaluationsPerForward() {
        return solver != null ? LimitAssembly.unitEvaluations(this) : (long) depth * width;
    }

    /** @return true if the residual part is a {@link MeanOdeLayer} (built with {@code limit(..)}) */
    public boolean isLimit() {
        return solver != null;
    }

    /** @return P, the limit layer's quadrature nodes per stage (0 for a finite network) */
    public int getNodes() {
        return nodes;
    }

    /** @return S, the limit layer's solver steps (0 for a finite network) */
    public int getSteps() {
        return steps;
    }

    /** @return the limit layer's solver, or null for a finite network */
    public OdeSolver getSolver() {
        return solver;
    }

    /** @return the limit layer's node scheme, or null for a finite network */
    public NodeScheme getNodeScheme() {
        return nodeScheme;
    }

    /** @return whether the limit layer draws fresh nodes at every step and stage */
    public boolean isFreshNodes() {
        return freshNodes;
    }

    public long getNIn() {
        return nIn;
    }

    public long getNOut() {
        return nOut;
    }

    public long getEmbeddingDim() {
        return embeddingDim;
    }

    /**
     * @return L
     * @throws IllegalStateException for a limit network, which has no depth (see {@link #getSteps()})
     */
    public int getDepth() {
        requireFinite("getDepth");
        return depth;
    }

    /**
     * @return M
     * @throws IllegalStateException for a limit network, which has no width (see {@link #getNodes()})
     */
    public int getWidth() {
        requireFinite("getWidth");
        return width;
    }

    private void requireFinite(String call) {
        if (solver != null) {
            throw new IllegalStateException("MeanOdeResNet." + call + "(): this is a limit network (" + solver + ", S = "
                    + steps + ", P = " + nodes + "), which has no depth or width; use getSteps(), getNodes() or"
                    + " unitEvaluationsPerForward()");
        }
    }

    public Regime getRegime() {
        return regime;
    }

    public double getAlpha() {
        return alpha;
    }

    public double getSigmaU() {
        return sigmaU;
    }

    public double getSigmaV() {
        return sigmaV;
    }

    public IActivation getActivation() {
        return activation;
    }

    /** @return the loss layer's activation (default identity) */
    public IActivation getOutputActivation() {
        return outputActivation;
    }

    /** @return the loss function (default {@link org.nd4j.linalg.lossfunctions.impl.LossMSE}) */
    public ILossFunction getLossFunction() {
        return lossFunction;
    }

    /** @return a copy of the network's updater (holds the base rate η) */
    public IUpdater getUpdater() {
        return updater.clone();
    }

    public long getSeed() {
        return seed;
    }

    public boolean isFused() {
        return fused;
    }

    public boolean isTrainableEmbedding() {
        return trainableEmbedding;
    }

    public boolean isTrainableReadout() {
        return trainableReadout;
    }

    public DataType getDataType() {
        return dataType;
    }

    public WorkspaceMode getWorkspaceMode() {
        return workspaceMode;
    }

    /**
     * @return how the residual layers compute their passes (default {@link KernelMode#AUTO};
     *         user-supplied blocks keep their own)
     */
    public KernelMode getKernelMode() {
        return kernelMode;
    }

    /** @return the stack's checkpoint interval k (0: off) */
    public int getCheckpointInterval() {
        return checkpointInterval;
    }

    /** @return the user-supplied blocks, or an empty list */
    public List<ScaledResidualBlock> getCustomBlocks() {
        return customBlocks == null ? Collections.emptyList() : customBlocks;
    }

    /** @return the unit function φ of the blocks or limit layer, or null for MODEL.md's 2LP unit */
    public UnitFunction getUnit() {
        return unit;
    }

    @Override
    public String toString() {
        return "MeanOdeResNet(nIn=" + nIn + ", nOut=" + nOut + ", D=" + embeddingDim + ", L=" + depth + ", M=" + width
                + ", regime=" + regime + ", alpha=" + alpha + ", sigmaU=" + sigmaU + ", sigmaV=" + sigmaV
                + ", activation=" + activation + ", updater=" + updater + ", seed=" + seed + ", fused=" + fused
                + ", trainableEmbedding=" + trainableEmbedding + ", trainableReadout=" + trainableReadout
                + ", dataType=" + dataType + ", workspaceMode=" + workspaceMode + ", kernelMode=" + kernelMode
                + ", checkpointInterval=" + checkpointInterval + ", output=" + outputActivation + "/" + lossFunction
                + (customBlocks == null ? "" : ", customBlocks=" + customBlocks.size())
                + (unit == null ? "" : ", unit=" + unit)
                + (solver == null ? "" : ", limit(P=" + nodes + ", S=" + steps + ", solver=" + solver + ", nodeScheme="
                + nodeScheme + ", freshNodes=" + freshNodes + ")") + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeanOdeResNet && toString().equals(o.toString())
                && Objects.equals(customBlocks, ((MeanOdeResNet) o).customBlocks);
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /**
     * Builder of {@link MeanOdeResNet}: every setter (in {@link BaseResNetBuilder}) validates its
     * argument at once, {@link #build()} checks the fields against each other.
     */
    public static final class Builder extends BaseResNetBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * @return the validated spec
         * @throws IllegalArgumentException naming the field, the value and the fix
         */
        public MeanOdeResNet build() {
            return new MeanOdeResNet(this);
        }
    }
}
