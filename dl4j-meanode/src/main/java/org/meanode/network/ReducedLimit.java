package org.meanode.network;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.conf.ConfigChecks;
import org.meanode.conf.MeanOdeLayer;
import org.meanode.conf.ReducedEmbedding;
import org.meanode.conf.ReducedReadout;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.ode.QuadratureNodes;
import org.meanode.scaling.LearningRateRule;
import org.meanode.units.ReducedUnit;
import org.meanode.units.TwoLayerUnit;
import org.meanode.units.UnitFunction;
import org.meanode.units.UnitParam;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The Neural Mean ODE limit of a {@link MeanOdeResNet} computed in the span of the data
 * (docs/reduced-limit.md, docs/MODEL.md "The limit in the span of the data"). With
 * S = span(W_E, W_U) ⊂ R^D of dimension k ≤ d_in + d_out and Q : D×k an orthonormal basis of S,
 * hidden states stay in S and the limit is the mean ODE of units (Qᵀu, Qᵀv) ∈ R^k × R^k with the
 * law N(0, σ_u² I_k) ⊗ N(0, σ_v² I_k), states z = Qᵀh ∈ R^k, and every constant of width D kept
 * (the 1/D inside σ, the init stds, α, the learning rates). Each node then costs O(k) instead of
 * O(D) per example.
 *
 * <p>The network: {@link ReducedEmbedding} (z_0 = QᵀW_E x) → {@link MeanOdeLayer} of width k with
 * the unit {@link ReducedUnit}(φ, D) → {@link ReducedReadout} (y = (QᵀW_U)ᵀz/D) → MSE, built from
 * a spec of width D (finite or limit: its d_in, d_out, D, α, unit, σ's, updater, seed, data type
 * and trainable flags) and the limit's own P, S, solver and node scheme:
 * <pre>{@code
 * MeanOdeResNet spec = MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(512).depth(8).width(8)
 *         .learningRate(1.0).seed(42).build();
 * ReducedLimit r = ReducedLimit.of(spec, EmbeddingReadoutWeights.readFrom(finiteNet),
 *         4096, 4, OdeSolver.RK4, NodeScheme.SOBOL);
 * MultiLayerNetwork limit = r.multiLayerNetwork();   // k = 10: nodes in R^10, not R^512
 * }</pre>
 * Layer names as in MeanOdeResNet: "embedding", "limit", "readout", "loss"; input "input".
 *
 * <p>Exact (the same limit) under: isotropic Gaussian unit laws (the plugin's units), units that
 * reduce ({@link ReducedUnit#check}), and updaters whose step commutes with rotations (Sgd,
 * Nesterovs; adaptive updaters act per coordinate, so they are refused). W_E and W_U frozen or
 * trainable: their updates stay in S.
 */
public final class ReducedLimit {
    private final MeanOdeResNet spec;
    private final int nodes;
    private final int steps;
    private final OdeSolver solver;
    private final NodeScheme nodeScheme;
    private final double[][] basis;
    private final INDArray embedding;
    private final INDArray readout;

    private ReducedLimit(MeanOdeResNet spec, EmbeddingReadoutWeights w, int nodes, int steps, OdeSolver solver,
                         NodeScheme scheme) {
        String o = "ReducedLimit";
        this.spec = ConfigChecks.notNull(o, "spec", spec, "pass the MeanOdeResNet spec at width D");
        this.nodes = (int) ConfigChecks.positive(o, "nodes", nodes, "pass P ≥ 1");
        this.steps = (int) ConfigChecks.positive(o, "steps", steps, "pass S ≥ 1");
        this.solver = ConfigChecks.notNull(o, "solver", solver, "pass OdeSolver.EULER, HEUN, RK3 or RK4");
        this.nodeScheme = ConfigChecks.notNull(o, "nodeScheme", scheme, "pass NodeScheme.IID, ANTITHETIC or SOBOL");
        ReducedUnit.check(o, effectiveUnit(spec));
        if (LearningRateRule.family(spec.getUpdater()) == LearningRateRule.Family.ADAPTIVE) {
            throw new IllegalArgumentException(o + ": the updater " + spec.getUpdater() + " normalises each coordinate,"
                    + " which does not commute with the rotation to the span of the data, so the reduced limit would not"
                    + " be the limit of this network; use Sgd or Nesterovs (or the full-space limit, MeanOdeResNet.limit)");
        }
        long d = spec.getEmbeddingDim();
        if (w.getEmbedding().size(0) != d || w.getEmbedding().size(1) != spec.getNIn()
                || w.getReadout().size(1) != spec.getNOut()) {
            throw new IllegalArgumentException(o + ": expected W_E [" + d + ", " + spec.getNIn() + "] and W_U [" + d
                    + ", " + spec.getNOut() + "], got " + java.util.Arrays.toString(w.getEmbedding().shape()) + " and "
                    + java.util.Arrays.toString(w.getReadout().shape()));
        }
        double[][] we = w.getEmbedding().toDoubleMatrix();
        double[][] wu = w.getReadout().toDoubleMatrix();
        this.basis = orthonormalBasis(we, wu);
        this.embedding = Nd4j.create(project(basis, we)).castTo(spec.getDataType());
        this.readout = Nd4j.create(project(basis, wu)).castTo(spec.getDataType());
        try {
            List<UnitParam> ps = reducedUnit().params(subspaceDim());
            QuadratureNodes.checkDimensions(nodeScheme, ps.stream().mapToLong(UnitParam::rows).sum(), nodes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(o + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param spec   a network at width D (finite or limit)
     * @param w      its W_E [D, d_in] and W_U [D, d_out], e.g. {@link EmbeddingReadoutWeights#readFrom}
     * @param nodes  P, quadrature nodes (in R^k) per stage
     * @param steps  S, solver steps over depth-time
     * @param solver the Runge–Kutta method
     * @param scheme how the nodes are drawn (shared across depth)
     * @return the limit of that network computed in span(W_E, W_U)
     */
    public static ReducedLimit of(MeanOdeResNet spec, EmbeddingReadoutWeights w, int nodes, int steps, OdeSolver solver,
                                  NodeScheme scheme) {
        return new ReducedLimit(spec, w, nodes, steps, solver, scheme);
    }

    /**
     * Like {@link #of(MeanOdeResNet, EmbeddingReadoutWeights, int, int, OdeSolver, NodeScheme)}
     * with W_E ~ N(0, 1/d_in) and W_U ~ N(0, d_out) entries at width D drawn from the spec's seed
     * (a java.util.SplittableRandom; not the draw of {@code spec.multiLayerNetwork()}).
     */
    public static ReducedLimit of(MeanOdeResNet spec, int nodes, int steps, OdeSolver solver, NodeScheme scheme) {
        ConfigChecks.notNull("ReducedLimit", "spec", spec, "pass the MeanOdeResNet spec at width D");
        SplittableRandom rnd = new SplittableRandom(spec.getSeed() ^ 0x5DEECE66DL);
        int d = (int) spec.getEmbeddingDim();
        int dIn = (int) spec.getNIn();
        int dOut = (int) spec.getNOut();
        double[][] we = new double[d][dIn];
        double[][] wu = new double[d][dOut];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < dIn; j++) {
                we[i][j] = gaussian(rnd) / Math.sqrt(dIn);
            }
            for (int j = 0; j < dOut; j++) {
                wu[i][j] = gaussian(rnd) * Math.sqrt(dOut);
            }
        }
        return of(spec, new EmbeddingReadoutWeights(Nd4j.create(we), Nd4j.create(wu)), nodes, steps, solver, scheme);
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static UnitFunction effectiveUnit(MeanOdeResNet spec) {
        return spec.getUnit() != null ? spec.getUnit()
                : new TwoLayerUnit(spec.getActivation(), spec.getSigmaU(), spec.getSigmaV());
    }

    /** @return the unit of the limit layer, {@link ReducedUnit}(φ, D) */
    public ReducedUnit reducedUnit() {
        return new ReducedUnit(effectiveUnit(spec), spec.getEmbeddingDim());
    }

    /**
     * Orthonormal basis of the span of the columns of [a b] by modified Gram–Schmidt with one
     * re-orthogonalisation; columns whose remainder is below 1e-10 of their norm are dropped.
     *
     * @return Q as [D][k]
     */
    static double[][] orthonormalBasis(double[][] a, double[][] b) {
        int d = a.length;
        List<double[]> cols = new ArrayList<>();
        int m = a[0].length + b[0].length;
        for (int j = 0; j < m; j++) {
            double[] c = new double[d];
            for (int i = 0; i < d; i++) {
                c[i] = j < a[0].length ? a[i][j] : b[i][j - a[0].length];
            }
            double n0 = norm(c);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] q : cols) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += q[i] * c[i];
                    }
                    for (int i = 0; i < d; i++) {
                        c[i] -= dot * q[i];
                    }
                }
            }
            double n = norm(c);
            if (n > 1e-10 * n0 && n > 0) {
                for (int i = 0; i < d; i++) {
                    c[i] /= n;
                }
                cols.add(c);
            }
        }
        if (cols.isEmpty()) {
            throw new IllegalArgumentException("ReducedLimit: W_E and W_U are zero; their span is {0}");
        }
        double[][] q = new double[d][cols.size()];
        for (int j = 0; j < cols.size(); j++) {
            for (int i = 0; i < d; i++) {
                q[i][j] = cols.get(j)[i];
            }
        }
        return q;
    }

    private static double norm(double[] c) {
        double s = 0;
        for (double x : c) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** @return Qᵀ w as [k][cols] */
    static double[][] project(double[][] q, double[][] w) {
        int k = q[0].length;
        double[][] out = new double[k][w[0].length];
        for (int i = 0; i < q.length; i++) {
            for (int a = 0; a < k; a++) {
                for (int j = 0; j < w[0].length; j++) {
                    out[a][j] += q[i][a] * w[i][j];
                }
            }
        }
        return out;
    }

    /** @return k = dim span(W_E, W_U) ≤ d_in + d_out */
    public int subspaceDim() {
        return basis[0].length;
    }

    /** @return Q, [D, k], an orthonormal basis of span(W_E, W_U) (a copy) */
    public INDArray basis() {
        return Nd4j.create(basis);
    }

    /** @return the spec at width D this limit belongs to */
    public MeanOdeResNet getSpec() {
        return spec;
    }

    /** @return W_E^S = QᵀW_E, [k, d_in], and W_U^S = QᵀW_U, [k, d_out] (copies) */
    public EmbeddingReadoutWeights reducedWeights() {
        return new EmbeddingReadoutWeights(embedding.dup(), readout.dup());
    }

    /**
     * @param reducedNet a network built by this object, possibly trained
     * @return its W_E and W_U lifted to width D: Q W_E^S, Q W_U^S (equal to the full network's
     *         when W_E, W_U are frozen, and the limit of its trained ones when trainable)
     */
    public EmbeddingReadoutWeights liftedWeights(Model reducedNet) {
        EmbeddingReadoutWeights r = EmbeddingReadoutWeights.readFrom(reducedNet);
        INDArray q = basis().castTo(r.getEmbedding().dataType());
        return new EmbeddingReadoutWeights(q.mmul(r.getEmbedding()), q.mmul(r.getReadout()));
    }

    /**
     * @param minibatch N
     * @return flops of one full-batch GD step of the limit layer, 12·S·r·P·k·N for the 2LP unit
     *         (the unit's forward flops at width k, times 3 for forward and backward)
     */
    public double flopsPerStep(long minibatch) {
        return 3.0 * reducedUnit().forwardFlopsPerUnit(subspaceDim()) * steps * solver.stages() * nodes * minibatch;
    }

    private List<Layer> layers() {
        long k = subspaceDim();
        long d = spec.getEmbeddingDim();
        List<Layer> out = new ArrayList<>();
        out.add(new ReducedEmbedding.Builder().ambientDim(d).nIn(spec.getNIn()).nOut(k)
                .trainable(spec.isTrainableEmbedding()).name(MeanOdeResNet.EMBEDDING).build());
        out.add(new MeanOdeLayer.Builder().embeddingDim(k).nodes(nodes).steps(steps).solver(solver)
                .nodeScheme(nodeScheme).alpha(spec.getAlpha()).unit(reducedUnit()).name(MeanOdeResNet.LIMIT).build());
        out.add(new ReducedReadout.Builder().ambientDim(d).nIn(k).nOut(spec.getNOut())
                .trainable(spec.isTrainableReadout()).name(MeanOdeResNet.READOUT).build());
        out.add(NetworkAssembly.lossLayer(new LossMSE(), Activation.IDENTITY.getActivationFunction(), spec.getNOut()));
        return out;
    }

    /** @return the reduced network as a MultiLayerConfiguration */
    public MultiLayerConfiguration multiLayerConfiguration() {
        NeuralNetConfiguration.ListBuilder lb = NetworkAssembly.base(spec).list();
        List<Layer> ls = layers();
        for (int i = 0; i < ls.size(); i++) {
            lb.layer(i, ls.get(i));
        }
        return lb.setInputType(InputType.feedForward(spec.getNIn())).build();
    }

    /** @return the reduced network as a ComputationGraphConfiguration, input "input", output "loss" */
    public ComputationGraphConfiguration graphConfiguration() {
        ComputationGraphConfiguration.GraphBuilder gb = NetworkAssembly.base(spec).graphBuilder()
                .addInputs(MeanOdeResNet.INPUT);
        String prev = MeanOdeResNet.INPUT;
        for (Layer l : layers()) {
            gb.addLayer(l.getLayerName(), l, prev);
            prev = l.getLayerName();
        }
        return gb.setOutputs(MeanOdeResNet.LOSS).setInputTypes(InputType.feedForward(spec.getNIn())).build();
    }

    /** @return a new, initialised MultiLayerNetwork with W_E^S and W_U^S set */
    public MultiLayerNetwork multiLayerNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(multiLayerConfiguration());
        net.init();
        reducedWeights().writeTo(net);
        return net;
    }

    /** @return a new, initialised ComputationGraph with W_E^S and W_U^S set */
    public ComputationGraph computationGraph() {
        ComputationGraph g = new ComputationGraph(graphConfiguration());
        g.init();
        reducedWeights().writeTo(g);
        return g;
    }

    @Override
    public String toString() {
        return "ReducedLimit(k=" + subspaceDim() + ", D=" + spec.getEmbeddingDim() + ", P=" + nodes + ", S=" + steps
                + ", solver=" + solver + ", nodeScheme=" + nodeScheme + ", unit=" + reducedUnit() + ")";
    }
}
