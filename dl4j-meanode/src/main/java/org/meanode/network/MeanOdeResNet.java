package org.meanode.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.conf.ConfigChecks;
import org.meanode.conf.KernelMode;
import org.meanode.conf.GenericResidualBlock;
import org.meanode.conf.GenericResidualStack;
import org.meanode.conf.MeanOdeEmbedding;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.conf.MeanOdeReadout;
import org.meanode.conf.ResidualDepth;
import org.meanode.conf.ScaledResidualBlock;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.ode.QuadratureNodes;
import org.meanode.scaling.LearningRateRule;
import org.meanode.scaling.Regime;
import org.meanode.units.UnitFunction;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Builds the whole network of MODEL.md: embedding (d_in → D), L residual 2LP blocks of width M
 * scaled by α/(L·M), readout (D → d_out), and a loss layer (DL4J's MSE by default, or any output
 * activation and {@link ILossFunction}, see {@link Builder#output(IActivation, ILossFunction)}), as a
 * {@link MultiLayerConfiguration} or a {@link ComputationGraphConfiguration}.
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
 * With {@code unit(φ)} the blocks are generic ({@link GenericResidualStack}, or
 * {@link GenericResidualBlock}s unfused; with {@code limit(..)}, a {@link MeanOdeLayer}
 * integrating φ) with unit function φ; the regime then sets α only, φ carries σ and its own init
 * scales.
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
    /** What seed 0 is passed to DL4J as (see {@link #dl4jSeed()}). */
    static final long ZERO_SEED = 0x9E3779B97F4A7C15L;

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
        String o = "MeanOdeResNet";
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
            checkUnitOptions(b);
        }
        this.solver = b.solver;
        this.nodes = b.nodes;
        this.steps = b.steps;
        this.nodeScheme = b.nodeScheme;
        this.freshNodes = b.freshNodes;
        if (b.solver != null) {
            List<String> conflicts = new ArrayList<>();
            if (b.depth != ConfigChecks.UNSET) {
                conflicts.add(".depth(" + b.depth + ")");
            }
            if (b.width != ConfigChecks.UNSET) {
                conflicts.add(".width(" + b.width + ")");
            }
            if (b.customBlocks != null) {
                conflicts.add(".blocks(" + b.customBlocks.size() + " blocks)");
            }
            if (!b.fused) {
                conflicts.add(".fused(false)");
            }
            if (!conflicts.isEmpty()) {
                throw new IllegalArgumentException(o + ": .limit(P, S, solver, scheme) builds the L → ∞ limit network,"
                        + " which has no blocks, but " + String.join(", ", conflicts) + " was also called; use a"
                        + " separate builder for the finite network");
            }
            try {
                QuadratureNodes.check(nodeScheme, embeddingDim, nodes);
                if (unit != null) {
                    QuadratureNodes.checkDimensions(nodeScheme,
                            unit.params(embeddingDim).stream().mapToLong(org.meanode.units.UnitParam::rows).sum(), nodes);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(o + ".limit: " + e.getMessage(), e);
            }
            this.customBlocks = null;
            this.depth = 0;
            this.width = 0;
        } else if (b.customBlocks != null) {
            this.customBlocks = List.copyOf(b.customBlocks);
            checkBlocks(customBlocks, embeddingDim);
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
        boolean wantsCheckpoints = b.checkpointing || b.checkpointInterval > 0;
        if ((wantsCheckpoints || kernelMode != KernelMode.AUTO) && unit != null) {
            throw new IllegalArgumentException(o + ": checkpointing and kernelMode apply to the 2LP ScaledResidualStack,"
                    + " but this network has a unit function (.unit(" + unit + ")), whose layers have their own kernel;"
                    + " drop .checkpointing/.checkpointInterval/.kernelMode");
        }
        if (kernelMode != KernelMode.AUTO && solver != null) {
            throw new IllegalArgumentException(o + ": kernelMode = " + kernelMode + " applies to the 2LP residual layers,"
                    + " but this is a .limit(..) network (a MeanOdeLayer, with its own kernel); drop .kernelMode");
        }
        if (wantsCheckpoints && solver != null) {
            throw new IllegalArgumentException(o + ": checkpointing applies to the fused ScaledResidualStack, but this"
                    + " is a .limit(..) network (a MeanOdeLayer); drop .checkpointing/.checkpointInterval");
        }
        if (wantsCheckpoints && (!fused || customBlocks != null)) {
            throw new IllegalArgumentException(o + ": checkpointing applies to the fused ScaledResidualStack, but this"
                    + " network has " + (customBlocks != null ? "user-supplied blocks (.blocks(..))" : "fused(false)")
                    + "; use .fused(true) without .blocks(..), or drop .checkpointing/.checkpointInterval");
        }
        this.checkpointInterval = ScaledResidualStack.checkpointInterval(o, b.checkpointing, b.checkpointInterval, depth);
    }

    /**
     * @return a new builder (defaults: COMPLETE regime, tanh, Sgd(1.0), seed 0, fused, float32)
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void checkUnitOptions(Builder b) {
        String why = " is set together with .unit(φ): the unit function carries σ and its init scales;";
        if (b.customBlocks != null) {
            throw new IllegalArgumentException("MeanOdeResNet.blocks is set together with .unit(φ); use one of them");
        }
        if (b.sigmaU != null || b.sigmaV != null) {
            throw new IllegalArgumentException("MeanOdeResNet.sigmaU/sigmaV = " + b.sigmaU + "/" + b.sigmaV + why
                    + " set them on the unit, e.g. new TwoLayerUnit(activation, sigmaU, sigmaV)");
        }
        if (b.activationSet) {
            throw new IllegalArgumentException("MeanOdeResNet.activation = " + b.activation + why
                    + " pass it to the unit, e.g. new TwoLayerUnit(Activation.TANH)");
        }
        if (b.regime == Regime.SEMI_COMPLETE) {
            throw new IllegalArgumentException("MeanOdeResNet.regime = SEMI_COMPLETE" + why
                    + " use Regime.COMPLETE and build the unit with σ_v = D^(1/4)");
        }
    }

    private static void checkBlocks(List<ScaledResidualBlock> blocks, long d) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("MeanOdeResNet.blocks is empty; pass L ≥ 1 blocks or use .depth(L)");
        }
        for (int i = 0; i < blocks.size(); i++) {
            ScaledResidualBlock blk = blocks.get(i);
            if (blk.getDepth() != blocks.size()) {
                throw new IllegalArgumentException("MeanOdeResNet.blocks[" + i + "].depth = " + blk.getDepth()
                        + " but the network has " + blocks.size() + " blocks; build every block with .depth("
                        + blocks.size() + ") (α/(L·M) and the learning-rate rule depend on L)");
            }
            if (blk.getEmbeddingDim() != d) {
                throw new IllegalArgumentException("MeanOdeResNet.blocks[" + i + "].embeddingDim = " + blk.getEmbeddingDim()
                        + " differs from the network's embeddingDim = " + d + "; build the block with .embeddingDim(" + d + ")");
            }
        }
    }

    /**
     * Checks that every residual layer of a configuration carries the network's depth: the
     * total number of blocks (a stack counts L). Use it on configurations assembled by hand.
     *
     * @param conf a configuration holding plugin layers
     * @throws IllegalArgumentException naming the first layer whose depth is wrong
     */
    public static void checkDepths(MultiLayerConfiguration conf) {
        List<ResidualDepth> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NeuralNetConfiguration c : conf.getConfs()) {
            collect(c.getLayer(), layers, names);
        }
        checkDepths(layers, names);
    }

    /**
     * Graph version of {@link #checkDepths(MultiLayerConfiguration)}.
     *
     * @param conf a graph configuration holding plugin layers
     */
    public static void checkDepths(ComputationGraphConfiguration conf) {
        List<ResidualDepth> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (var e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                collect(lv.getLayerConf().getLayer(), layers, names);
            }
        }
        checkDepths(layers, names);
    }

    private static void collect(Layer l, List<ResidualDepth> layers, List<String> names) {
        if (l instanceof ResidualDepth r) {
            layers.add(r);
            names.add(l.getLayerName());
        }
    }

    private static void checkDepths(List<ResidualDepth> layers, List<String> names) {
        int total = 0;
        for (ResidualDepth r : layers) {
            total += r.numBlocks();
        }
        for (int i = 0; i < layers.size(); i++) {
            ResidualDepth r = layers.get(i);
            if (r.getDepth() != total) {
                throw new IllegalArgumentException(r.getClass().getSimpleName() + " '" + names.get(i) + "' has depth L = "
                        + r.getDepth() + " but the network holds " + total + " residual blocks; build every block and stack"
                        + " with .depth(" + total + ") (α/(L·M) and the learning-rate rule depend on L)");
            }
        }
    }

    /**
     * The seed handed to DL4J, which seeds ND4J's generator with it when the network is
     * initialised. ND4J 1.0.0-M2.1 does not give reproducible draws for seed 0 (two networks built
     * with seed 0 differed), so 0 is passed on as a fixed non-zero constant.
     */
    private long dl4jSeed() {
        return seed != 0 ? seed : ZERO_SEED;
    }

    private NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder()
                .seed(dl4jSeed())
                .dataType(dataType)
                .updater(updater.clone())
                .trainingWorkspaceMode(workspaceMode)
                .inferenceWorkspaceMode(workspaceMode)
                .miniBatch(true);
    }

    private List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        MeanOdeEmbedding.Builder eb = new MeanOdeEmbedding.Builder().nIn(nIn).nOut(embeddingDim).trainable(trainableEmbedding);
        out.add(eb.name(EMBEDDING).build());
        if (solver != null) {
            MeanOdeLayer.Builder lb = new MeanOdeLayer.Builder().embeddingDim(embeddingDim).nodes(nodes).steps(steps)
                    .solver(solver).nodeScheme(nodeScheme).freshNodes(freshNodes).alpha(alpha);
            out.add((unit != null ? lb.unit(unit) : lb.sigmaU(sigmaU).sigmaV(sigmaV).activation(activation)).name(LIMIT).build());
        } else if (customBlocks != null) {
            for (int l = 0; l < customBlocks.size(); l++) {
                ScaledResidualBlock b = (ScaledResidualBlock) customBlocks.get(l).clone();
                b.setLayerName(BLOCK_PREFIX + l);
                out.add(b);
            }
        } else if (unit != null && fused) {
            out.add(new GenericResidualStack.Builder().embeddingDim(embeddingDim).depth(depth).width(width).alpha(alpha)
                    .unit(unit).name(STACK).build());
        } else if (unit != null) {
            for (int l = 0; l < depth; l++) {
                out.add(new GenericResidualBlock.Builder().embeddingDim(embeddingDim).depth(depth).width(width).alpha(alpha)
                        .unit(unit).name(BLOCK_PREFIX + l).build());
            }
        } else if (fused) {
            out.add(new ScaledResidualStack.Builder().embeddingDim(embeddingDim).depth(depth).width(width).alpha(alpha)
                    .sigmaU(sigmaU).sigmaV(sigmaV).activation(activation).kernelMode(kernelMode)
                    .checkpointInterval(checkpointInterval).name(STACK).build());
        } else {
            for (int l = 0; l < depth; l++) {
                out.add(new ScaledResidualBlock.Builder().embeddingDim(embeddingDim).depth(depth).width(width).alpha(alpha)
                        .sigmaU(sigmaU).sigmaV(sigmaV).activation(activation).kernelMode(kernelMode)
                        .name(BLOCK_PREFIX + l).build());
            }
        }
        out.add(new MeanOdeReadout.Builder().nIn(embeddingDim).nOut(nOut).trainable(trainableReadout).name(READOUT).build());
        out.add(new LossLayer.Builder(lossFunction).activation(outputActivation).name(LOSS).build());
        return out;
    }

    /**
     * @return the network as a MultiLayerConfiguration (depths checked)
     */
    public MultiLayerConfiguration multiLayerConfiguration() {
        NeuralNetConfiguration.ListBuilder lb = base().list();
        List<Layer> ls = layers();
        for (int i = 0; i < ls.size(); i++) {
            lb.layer(i, ls.get(i));
        }
        MultiLayerConfiguration conf = lb.setInputType(InputType.feedForward(nIn)).build();
        checkDepths(conf);
        return conf;
    }

    /**
     * @return the network as a ComputationGraphConfiguration with input "input" and output "loss"
     */
    public ComputationGraphConfiguration graphConfiguration() {
        ComputationGraphConfiguration.GraphBuilder gb = base().graphBuilder().addInputs(INPUT);
        String prev = INPUT;
        for (Layer l : layers()) {
            gb.addLayer(l.getLayerName(), l, prev);
            prev = l.getLayerName();
        }
        ComputationGraphConfiguration conf = gb.setOutputs(LOSS).setInputTypes(InputType.feedForward(nIn)).build();
        checkDepths(conf);
        return conf;
    }

    /**
     * @return a new, initialised MultiLayerNetwork
     */
    public MultiLayerNetwork multiLayerNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(multiLayerConfiguration());
        net.init();
        return net;
    }

    /**
     * @return a new, initialised ComputationGraph
     */
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
        return solver != null ? (long) steps * solver.stages() * nodes : (long) depth * width;
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

    /** @return the loss function (default {@link LossMSE}) */
    public ILossFunction getLossFunction() {
        return lossFunction;
    }

    /**
     * @return a copy of the network's updater (holds the base rate η)
     */
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

    /**
     * @return the stack's checkpoint interval k (0: off)
     */
    public int getCheckpointInterval() {
        return checkpointInterval;
    }

    /**
     * @return the user-supplied blocks, or an empty list
     */
    public List<ScaledResidualBlock> getCustomBlocks() {
        return customBlocks == null ? Collections.emptyList() : customBlocks;
    }

    /**
     * @return the unit function of generic blocks, or null for MODEL.md's 2LP blocks
     */
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

    /** Builder of {@link MeanOdeResNet}; every setter validates its argument at once. */
    public static final class Builder {
        private long nIn = -1;
        private long nOut = -1;
        private long embeddingDim = -1;
        private int depth = -1;
        private int width = -1;
        private Regime regime = Regime.COMPLETE;
        private Double alpha;
        private Double sigmaU;
        private Double sigmaV;
        private IActivation activation = Activation.TANH.getActivationFunction();
        private IUpdater updater = new Sgd(1.0);
        private IActivation outputActivation = Activation.IDENTITY.getActivationFunction();
        private ILossFunction lossFunction = new LossMSE();
        private long seed;
        private boolean fused = true;
        private boolean trainableEmbedding;
        private boolean trainableReadout;
        private DataType dataType = DataType.FLOAT;
        private WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
        private KernelMode kernelMode = KernelMode.AUTO;
        private boolean checkpointing;
        private int checkpointInterval;
        private List<ScaledResidualBlock> customBlocks;
        private UnitFunction unit;
        private boolean activationSet;
        private OdeSolver solver;
        private int nodes;
        private int steps;
        private NodeScheme nodeScheme;
        private boolean freshNodes;

        private Builder() {
        }

        /**
         * @param v d_in, the input size
         * @return this
         */
        public Builder nIn(long v) {
            this.nIn = ConfigChecks.positive("MeanOdeResNet", "nIn", v, "call .nIn(d_in) with d_in ≥ 1");
            return this;
        }

        /**
         * @param v d_out, the output size
         * @return this
         */
        public Builder nOut(long v) {
            this.nOut = ConfigChecks.positive("MeanOdeResNet", "nOut", v, "call .nOut(d_out) with d_out ≥ 1");
            return this;
        }

        /**
         * @param v D, the embedding width
         * @return this
         */
        public Builder embeddingDim(long v) {
            this.embeddingDim = ConfigChecks.positive("MeanOdeResNet", "embeddingDim", v, "call .embeddingDim(D) with D ≥ 1");
            return this;
        }

        /**
         * @param v L, the number of residual blocks
         * @return this
         */
        public Builder depth(int v) {
            this.depth = (int) ConfigChecks.positive("MeanOdeResNet", "depth", v, "call .depth(L) with L ≥ 1");
            return this;
        }

        /**
         * @param v M, hidden units per block
         * @return this
         */
        public Builder width(int v) {
            this.width = (int) ConfigChecks.positive("MeanOdeResNet", "width", v, "call .width(M) with M ≥ 1");
            return this;
        }

        /**
         * @param r preset for α, σ_u, σ_v (default COMPLETE); explicit values win
         * @return this
         */
        public Builder regime(Regime r) {
            this.regime = ConfigChecks.notNull("MeanOdeResNet", "regime", r, "pass Regime.COMPLETE, SEMI_COMPLETE or LAZY");
            return this;
        }

        /**
         * @param v α, overrides the regime's
         * @return this
         */
        public Builder alpha(double v) {
            this.alpha = ConfigChecks.positiveFinite("MeanOdeResNet", "alpha", v, "call .alpha(a) with a finite a > 0");
            return this;
        }

        /**
         * @param v σ_u, overrides the regime's
         * @return this
         */
        public Builder sigmaU(double v) {
            this.sigmaU = ConfigChecks.positiveFinite("MeanOdeResNet", "sigmaU", v, "call .sigmaU(s) with a finite s > 0");
            return this;
        }

        /**
         * @param v σ_v, overrides the regime's
         * @return this
         */
        public Builder sigmaV(double v) {
            this.sigmaV = ConfigChecks.positiveFinite("MeanOdeResNet", "sigmaV", v, "call .sigmaV(s) with a finite s > 0");
            return this;
        }

        /**
         * @param a σ (default tanh)
         * @return this
         */
        public Builder activation(Activation a) {
            ConfigChecks.notNull("MeanOdeResNet", "activation", a, "pass e.g. Activation.TANH");
            this.activation = a.getActivationFunction();
            this.activationSet = true;
            return this;
        }

        /**
         * @param a σ (default tanh)
         * @return this
         */
        public Builder activation(IActivation a) {
            this.activation = ConfigChecks.notNull("MeanOdeResNet", "activation", a, "pass e.g. new ActivationTanH()");
            this.activationSet = true;
            return this;
        }

        /**
         * @param eta base learning rate η; sets the updater to Sgd(η)
         * @return this
         */
        public Builder learningRate(double eta) {
            this.updater = new Sgd(ConfigChecks.positiveFinite("MeanOdeResNet", "learningRate", eta, "call .learningRate(η) with a finite η > 0"));
            return this;
        }

        /**
         * @param u the network's updater (its rate is the base rate η)
         * @return this
         */
        public Builder updater(IUpdater u) {
            ConfigChecks.notNull("MeanOdeResNet", "updater", u, "pass e.g. new Sgd(1.0)");
            LearningRateRule.family(u);
            this.updater = u.clone();
            return this;
        }

        /**
         * The output as a DL4J user gives it to an {@code OutputLayer} or {@code LossLayer}: the
         * activation applied to the readout's output y and the loss. Default identity + MSE, the
         * model of MODEL.md (the exactness contract is stated for it). E.g. softmax + MCXENT
         * (classification: y are the logits), sigmoid + XENT (multi-label), identity + L1 or
         * MSE (regression). The learning-rate rule does not depend on the loss: the residual
         * layers' rates multiply the gradient of whatever loss by the same factors
         * (docs/MODEL.md, "Other losses").
         *
         * @param activation the output activation (softmax for MCXENT)
         * @param loss       DL4J's loss function
         * @return this
         */
        public Builder output(Activation activation, LossFunctions.LossFunction loss) {
            ConfigChecks.notNull("MeanOdeResNet", "output.activation", activation, "pass e.g. Activation.SOFTMAX");
            ConfigChecks.notNull("MeanOdeResNet", "output.loss", loss, "pass e.g. LossFunction.MCXENT");
            return output(activation.getActivationFunction(), loss.getILossFunction());
        }

        /**
         * Like {@link #output(Activation, LossFunctions.LossFunction)} for any activation and
         * {@link ILossFunction} (e.g. {@code new LossMCXENT(weights)}, {@code new LossHuber()}).
         *
         * @param activation the output activation
         * @param loss       the loss function
         * @return this
         */
        public Builder output(IActivation activation, ILossFunction loss) {
            this.outputActivation = ConfigChecks.notNull("MeanOdeResNet", "output.activation", activation,
                    "pass e.g. new ActivationSoftmax()");
            this.lossFunction = ConfigChecks.notNull("MeanOdeResNet", "output.loss", loss, "pass e.g. new LossMCXENT()");
            return this;
        }

        /**
         * @param s seed of every random draw of the network
         * @return this
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * @param f one fused {@link ScaledResidualStack} (default) or L {@link ScaledResidualBlock}s
         * @return this
         */
        public Builder fused(boolean f) {
            this.fused = f;
            return this;
        }

        /**
         * @param t train W_E (default false)
         * @return this
         */
        public Builder trainableEmbedding(boolean t) {
            this.trainableEmbedding = t;
            return this;
        }

        /**
         * @param t train W_U (default false)
         * @return this
         */
        public Builder trainableReadout(boolean t) {
            this.trainableReadout = t;
            return this;
        }

        /**
         * @param dt parameter data type (default FLOAT)
         * @return this
         */
        public Builder dataType(DataType dt) {
            this.dataType = dt;
            return this;
        }

        /**
         * @param mode DL4J workspace mode for training and inference (default ENABLED; NONE
         *             trades speed for simpler memory behaviour)
         * @return this
         */
        public Builder workspaceMode(WorkspaceMode mode) {
            this.workspaceMode = ConfigChecks.notNull("MeanOdeResNet", "workspaceMode", mode,
                    "pass WorkspaceMode.ENABLED or WorkspaceMode.NONE");
            return this;
        }

        /**
         * @param mode how the residual layers compute their passes (default
         *             {@link KernelMode#AUTO}: direct BLAS calls on ND4J's CPU backend, ND4J
         *             operations elsewhere); the same function and gradient in every mode
         * @return this
         */
        public Builder kernelMode(KernelMode mode) {
            this.kernelMode = ConfigChecks.notNull("MeanOdeResNet", "kernelMode", mode,
                    "pass KernelMode.AUTO (default), DIRECT_BLAS or ND4J_OPS");
            return this;
        }

        /**
         * @param on recompute the stack's forward pass in the backward pass, keeping every
         *           k = ⌈√L⌉-th hidden state (default false): activation memory
         *           O((L/k + k)·N·D + k·N·M) instead of O(L·N·(D + M)), for about one third more
         *           arithmetic per step; fused stack only
         * @return this
         */
        public Builder checkpointing(boolean on) {
            this.checkpointing = on;
            this.checkpointInterval = 0;
            return this;
        }

        /**
         * @param k checkpoint every k blocks, 1 ≤ k ≤ L (0: off, the default); see
         *          {@link #checkpointing(boolean)}
         * @return this
         */
        public Builder checkpointInterval(int k) {
            if (k < 0) {
                throw new IllegalArgumentException("MeanOdeResNet.checkpointInterval = " + k + " is invalid: it must be ≥ 0;"
                        + " call .checkpointInterval(k) with 1 ≤ k ≤ L, or 0 for no checkpointing");
            }
            this.checkpointInterval = k;
            this.checkpointing = false;
            return this;
        }

        /**
         * Uses these blocks (unfused) instead of generated ones; each must have depth equal to
         * the number of blocks and embeddingDim equal to the network's.
         *
         * @param blocks L blocks
         * @return this
         */
        public Builder blocks(List<ScaledResidualBlock> blocks) {
            ConfigChecks.notNull("MeanOdeResNet", "blocks", blocks, "pass a list of L blocks");
            this.customBlocks = new ArrayList<>(blocks);
            return this;
        }

        /**
         * Uses generic blocks with unit function φ (MODEL.md, "Generic blocks") instead of the 2LP
         * blocks: {@link GenericResidualStack} when fused, else L {@link GenericResidualBlock}s;
         * with {@code limit(..)}, the {@link MeanOdeLayer} integrates φ.
         * Not combinable with {@code blocks}, {@code sigmaU}, {@code sigmaV}, {@code activation}
         * or the SEMI_COMPLETE regime (φ carries σ and its init scales).
         *
         * @param u φ, e.g. {@code new GatedUnit()}
         * @return this
         */
        public Builder unit(UnitFunction u) {
            this.unit = ConfigChecks.notNull("MeanOdeResNet", "unit", u, "pass a unit function, e.g. new TwoLayerUnit()");
            return this;
        }

        /**
         * Builds the limit network instead of a finite one: the residual blocks are replaced by one
         * {@link MeanOdeLayer} (layer "limit") with the same nodes at every depth. Do not set
         * depth, width, blocks or fused(false) on the same builder.
         *
         * @param p      P, quadrature nodes per stage
         * @param s      S, solver steps over s ∈ [0, 1]
         * @param method the Runge–Kutta method
         * @param scheme how the nodes are drawn
         * @return this
         */
        public Builder limit(int p, int s, OdeSolver method, NodeScheme scheme) {
            return limit(p, s, method, scheme, false);
        }

        /**
         * Like {@link #limit(int, int, OdeSolver, NodeScheme)}, choosing whether every step and
         * stage draws fresh nodes: with EULER, fresh IID nodes, S = L and P = M it builds the
         * finite network of depth L and width M (same draws for the same seed).
         *
         * @param p          P, quadrature nodes per stage
         * @param s          S, solver steps over s ∈ [0, 1]
         * @param method     the Runge–Kutta method
         * @param scheme     how the nodes are drawn
         * @param freshNodes true: independent nodes at every step and stage
         * @return this
         */
        public Builder limit(int p, int s, OdeSolver method, NodeScheme scheme, boolean freshNodes) {
            this.nodes = (int) ConfigChecks.positive("MeanOdeResNet", "limit.nodes", p, "call .limit(P, S, solver, scheme) with P ≥ 1");
            this.steps = (int) ConfigChecks.positive("MeanOdeResNet", "limit.steps", s, "call .limit(P, S, solver, scheme) with S ≥ 1");
            this.solver = ConfigChecks.notNull("MeanOdeResNet", "limit.solver", method, "pass OdeSolver.EULER, HEUN, RK3 or RK4");
            this.nodeScheme = ConfigChecks.notNull("MeanOdeResNet", "limit.scheme", scheme, "pass NodeScheme.IID, ANTITHETIC or SOBOL");
            this.freshNodes = freshNodes;
            return this;
        }

        /**
         * @return the validated spec
         */
        public MeanOdeResNet build() {
            return new MeanOdeResNet(this);
        }
    }
}
