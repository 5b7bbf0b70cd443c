package org.meanode.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.WorkspaceMode;
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
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The setters of {@link MeanOdeResNet.Builder}: each validates its own argument at once and
 * returns the builder; the checks between fields (depth with limit, σ with a unit, …) run in
 * {@link MeanOdeResNet.Builder#build()}. Use it through {@link MeanOdeResNet#builder()}; it cannot
 * be subclassed outside this package.
 *
 * <p>Defaults: COMPLETE regime (α, σ_u, σ_v from {@link Regime}), tanh, Sgd(1.0), seed 0, one fused
 * {@link ScaledResidualStack}, frozen embedding and readout, float32, workspaces ENABLED,
 * {@link KernelMode#AUTO}, no checkpointing, 2LP blocks
 * ψ(x) = (1/M)·Σ_m u_m·σ(v_mᵀx) scaled by α/L (MODEL.md).
 *
 * <p>Contributors: a new network option is a field here (package-private, read by
 * {@link MeanOdeResNet}'s constructor), a setter that checks its argument, a field and getter of
 * {@link MeanOdeResNet} that {@code toString()} records, and its use in the assembly classes.
 *
 * @param <B> the concrete builder type, {@link MeanOdeResNet.Builder}
 */
public abstract class BaseResNetBuilder<B extends BaseResNetBuilder<B>> {
    long nIn = -1;
    long nOut = -1;
    long embeddingDim = -1;
    int depth = -1;
    int width = -1;
    Regime regime = Regime.COMPLETE;
    Double alpha;
    Double sigmaU;
    Double sigmaV;
    IActivation activation = Activation.TANH.getActivationFunction();
    IUpdater updater = new Sgd(1.0);
    IActivation outputActivation = Activation.IDENTITY.getActivationFunction();
    ILossFunction lossFunction = new LossMSE();
    long seed;
    boolean fused = true;
    boolean trainableEmbedding;
    boolean trainableReadout;
    DataType dataType = DataType.FLOAT;
    WorkspaceMode workspaceMode = WorkspaceMode.ENABLED;
    KernelMode kernelMode = KernelMode.AUTO;
    boolean checkpointing;
    int checkpointInterval;
    List<ScaledResidualBlock> customBlocks;
    UnitFunction unit;
    boolean activationSet;
    OdeSolver solver;
    int nodes;
    int steps;
    NodeScheme nodeScheme;
    boolean freshNodes;

    BaseResNetBuilder() {
    }

    /** @return this builder as its concrete type */
    abstract B self();

    /**
     * @param v d_in, the input size
     * @return this
     */
    public B nIn(long v) {
        this.nIn = ConfigChecks.positive("MeanOdeResNet", "nIn", v, "call .nIn(d_in) with d_in ≥ 1");
        return self();
    }

    /**
     * @param v d_out, the output size
     * @return this
     */
    public B nOut(long v) {
        this.nOut = ConfigChecks.positive("MeanOdeResNet", "nOut", v, "call .nOut(d_out) with d_out ≥ 1");
        return self();
    }

    /**
     * @param v D, the embedding width
     * @return this
     */
    public B embeddingDim(long v) {
        this.embeddingDim = ConfigChecks.positive("MeanOdeResNet", "embeddingDim", v, "call .embeddingDim(D) with D ≥ 1");
        return self();
    }

    /**
     * @param v L, the number of residual blocks
     * @return this
     */
    public B depth(int v) {
        this.depth = (int) ConfigChecks.positive("MeanOdeResNet", "depth", v, "call .depth(L) with L ≥ 1");
        return self();
    }

    /**
     * @param v M, hidden units per block
     * @return this
     */
    public B width(int v) {
        this.width = (int) ConfigChecks.positive("MeanOdeResNet", "width", v, "call .width(M) with M ≥ 1");
        return self();
    }

    /**
     * @param r preset for α, σ_u, σ_v (default COMPLETE); explicit values win
     * @return this
     */
    public B regime(Regime r) {
        this.regime = ConfigChecks.notNull("MeanOdeResNet", "regime", r, "pass Regime.COMPLETE, SEMI_COMPLETE or LAZY");
        return self();
    }

    /**
     * @param v α, overrides the regime's
     * @return this
     */
    public B alpha(double v) {
        this.alpha = ConfigChecks.positiveFinite("MeanOdeResNet", "alpha", v, "call .alpha(a) with a finite a > 0");
        return self();
    }

    /**
     * @param v σ_u, overrides the regime's
     * @return this
     */
    public B sigmaU(double v) {
        this.sigmaU = ConfigChecks.positiveFinite("MeanOdeResNet", "sigmaU", v, "call .sigmaU(s) with a finite s > 0");
        return self();
    }

    /**
     * @param v σ_v, overrides the regime's
     * @return this
     */
    public B sigmaV(double v) {
        this.sigmaV = ConfigChecks.positiveFinite("MeanOdeResNet", "sigmaV", v, "call .sigmaV(s) with a finite s > 0");
        return self();
    }

    /**
     * @param a σ (default tanh)
     * @return this
     */
    public B activation(Activation a) {
        ConfigChecks.notNull("MeanOdeResNet", "activation", a, "pass e.g. Activation.TANH");
        this.activation = a.getActivationFunction();
        this.activationSet = true;
        return self();
    }

    /**
     * @param a σ (default tanh)
     * @return this
     */
    public B activation(IActivation a) {
        this.activation = ConfigChecks.notNull("MeanOdeResNet", "activation", a, "pass e.g. new ActivationTanH()");
        this.activationSet = true;
        return self();
    }

    /**
     * @param eta base learning rate η; sets the updater to Sgd(η)
     * @return this
     */
    public B learningRate(double eta) {
        this.updater = new Sgd(ConfigChecks.positiveFinite("MeanOdeResNet", "learningRate", eta, "call .learningRate(η) with a finite η > 0"));
        return self();
    }

    /**
     * @param u the network's updater (its rate is the base rate η)
     * @return this
     */
    public B updater(IUpdater u) {
        ConfigChecks.notNull("MeanOdeResNet", "updater", u, "pass e.g. new Sgd(1.0)");
        LearningRateRule.family(u);
        this.updater = u.clone();
        return self();
    }

    /**
     * The output as a DL4J user gives it to an {@code OutputLayer} or {@code LossLayer}: the
     * activation applied to the readout's output and the loss. Default identity + MSE, the model
     * of MODEL.md (the exactness contract is stated for it). E.g. softmax + MCXENT
     * (classification: the readout gives the logits), sigmoid + XENT (multi-label), identity +
     * L1 or MSE (regression). The learning-rate rule does not depend on the loss: the layers'
     * rates multiply the gradient of whatever loss by the same factors (docs/MODEL.md, "Other
     * losses").
     *
     * @param activation the output activation (softmax for MCXENT)
     * @param loss       DL4J's loss function
     * @return this
     */
    public B output(Activation activation, LossFunctions.LossFunction loss) {
        ConfigChecks.notNull("MeanOdeResNet", "output.activation", activation, "pass e.g. Activation.SOFTMAX");
        ConfigChecks.notNull("MeanOdeResNet", "output.loss", loss, "pass e.g. LossFunction.MCXENT");
        return output(activation.getActivationFunction(), loss.getILossFunction());
    }

    /**
     * Like {@link #output(Activation, LossFunctions.LossFunction)} for any activation and
     * {@link ILossFunction} (e.g. {@code new LossMCXENT(weights)}, or a user's own loss).
     *
     * @param activation the output activation
     * @param loss       the loss function
     * @return this
     */
    public B output(IActivation activation, ILossFunction loss) {
        this.outputActivation = ConfigChecks.notNull("MeanOdeResNet", "output.activation", activation,
                "pass e.g. new ActivationSoftmax()");
        this.lossFunction = ConfigChecks.notNull("MeanOdeResNet", "output.loss", loss, "pass e.g. new LossMCXENT()");
        return self();
    }

    /**
     * @param s seed of every random draw of the network
     * @return this
     */
    public B seed(long s) {
        this.seed = s;
        return self();
    }

    /**
     * @param f one fused {@link ScaledResidualStack} (default) or L {@link ScaledResidualBlock}s
     * @return this
     */
    public B fused(boolean f) {
        this.fused = f;
        return self();
    }

    /**
     * @param t train W_E (default false)
     * @return this
     */
    public B trainableEmbedding(boolean t) {
        this.trainableEmbedding = t;
        return self();
    }

    /**
     * @param t train W_U (default false)
     * @return this
     */
    public B trainableReadout(boolean t) {
        this.trainableReadout = t;
        return self();
    }

    /**
     * @param dt parameter data type (default FLOAT)
     * @return this
     */
    public B dataType(DataType dt) {
        this.dataType = dt;
        return self();
    }

    /**
     * @param mode DL4J workspace mode for training and inference (default ENABLED; NONE
     *             trades speed for simpler memory behaviour)
     * @return this
     */
    public B workspaceMode(WorkspaceMode mode) {
        this.workspaceMode = ConfigChecks.notNull("MeanOdeResNet", "workspaceMode", mode,
                "pass WorkspaceMode.ENABLED or WorkspaceMode.NONE");
        return self();
    }

    /**
     * @param mode how the residual layers compute their passes (default
     *             {@link KernelMode#AUTO}: direct BLAS calls on ND4J's CPU backend, ND4J
     *             operations elsewhere); the same function and gradient in every mode
     * @return this
     */
    public B kernelMode(KernelMode mode) {
        this.kernelMode = ConfigChecks.notNull("MeanOdeResNet", "kernelMode", mode,
                "pass KernelMode.AUTO (default), DIRECT_BLAS or ND4J_OPS");
        return self();
    }

    /**
     * @param on recompute the stack's forward pass in the backward pass, keeping every
     *           k = ⌈√L⌉-th hidden state (default false): activation memory
     *           O((L/k + k)·N·D + k·N·M) instead of O(L·N·(D + M)), for about one third more
     *           arithmetic per step; fused stack only
     * @return this
     */
    public B checkpointing(boolean on) {
        this.checkpointing = on;
        this.checkpointInterval = 0;
        return self();
    }

    /**
     * @param k checkpoint every k blocks, 1 ≤ k ≤ L (0: off, the default); see
     *          {@link #checkpointing(boolean)}
     * @return this
     */
    public B checkpointInterval(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("MeanOdeResNet.checkpointInterval = " + k + " is invalid: it must be ≥ 0;"
                    + " call .checkpointInterval(k) with 1 ≤ k ≤ L, or 0 for no checkpointing");
        }
        this.checkpointInterval = k;
        this.checkpointing = false;
        return self();
    }

    /**
     * Uses these blocks (unfused) instead of generated ones; each must have depth equal to
     * the number of blocks and embeddingDim equal to the network's.
     *
     * @param blocks L blocks
     * @return this
     */
    public B blocks(List<ScaledResidualBlock> blocks) {
        ConfigChecks.notNull("MeanOdeResNet", "blocks", blocks, "pass a list of L blocks");
        this.customBlocks = new ArrayList<>(blocks);
        return self();
    }

    /**
     * Uses generic blocks with unit function φ (MODEL.md, "Generic blocks") instead of the 2LP
     * blocks: the {@link ScaledResidualStack} (or the L {@link ScaledResidualBlock}s, unfused)
     * computes φ, on the same kernel and with the same kernel mode and checkpointing options;
     * with {@code limit(..)}, the {@link MeanOdeLayer} integrates φ.
     * Not combinable with {@code blocks}, {@code sigmaU}, {@code sigmaV}, {@code activation}
     * or the SEMI_COMPLETE regime (φ carries σ and its init scales).
     *
     * @param u φ, e.g. {@code new GatedUnit()}
     * @return this
     */
    public B unit(UnitFunction u) {
        this.unit = ConfigChecks.notNull("MeanOdeResNet", "unit", u, "pass a unit function, e.g. new TwoLayerUnit()");
        return self();
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
    public B limit(int p, int s, OdeSolver method, NodeScheme scheme) {
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
    public B limit(int p, int s, OdeSolver method, NodeScheme scheme, boolean freshNodes) {
        this.nodes = (int) ConfigChecks.positive("MeanOdeResNet", "limit.nodes", p, "call .limit(P, S, solver, scheme) with P ≥ 1");
        this.steps = (int) ConfigChecks.positive("MeanOdeResNet", "limit.steps", s, "call .limit(P, S, solver, scheme) with S ≥ 1");
        this.solver = ConfigChecks.notNull("MeanOdeResNet", "limit.solver", method, "pass OdeSolver.EULER, HEUN, RK3 or RK4");
        this.nodeScheme = ConfigChecks.notNull("MeanOdeResNet", "limit.scheme", scheme, "pass NodeScheme.IID, ANTITHETIC or SOBOL");
        this.freshNodes = freshNodes;
        return self();
    }
}
