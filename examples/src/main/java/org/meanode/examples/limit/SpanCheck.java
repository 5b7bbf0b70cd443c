package org.meanode.examples.limit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.meanode.examples.demo.OutputDistances;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.examples.rates.FiniteResNet;
import org.meanode.examples.rates.RatesSettings;
import org.meanode.layers.MeanOdeLayerRuntime;
import org.meanode.network.EmbeddingReadoutWeights;
import org.meanode.network.MeanOdeResNet;
import org.meanode.network.ReducedLimit;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Is the limit computed in the span of the data ({@link ReducedLimit}) the same limit as the
 * full-space limit layer ({@link org.meanode.conf.MeanOdeLayer}, nodes in R^D)? For each D and
 * each P, both are built on one task (d_in = d_out = 5, N = 10, complete regime, tanh 2LP, η = 1,
 * float64, frozen W_E and W_U), with P i.i.d. nodes each (independent draws), trained K steps, and
 * the RMS difference of their outputs is measured, over R independent draws. If they are the same
 * limit the difference is pure quadrature noise and falls like P^−½; if not, it stalls at the gap
 * between the two limits.
 *
 * <p>Negative control: the same full-space layer whose u's are not isotropic. After the layer is
 * built, every u is replaced by u + Q(diag(c) − I)Qᵀu, Q the orthonormal basis of span(W_E, W_U)
 * that ReducedLimit uses: σ_u along the first ⌈k/2⌉ basis vectors (the span of W_E) becomes
 * a·σ_u and along the others (the rest of the span of W_U) √(2 − a²)·σ_u, so the average variance
 * is unchanged and only the shape differs. The reduction assumes N(0, σ_u² I_k) for Qᵀu, so that
 * layer has another limit and its difference to the reduced one must stall. (An anisotropy in the
 * ambient coordinates would be seen through a random k-dimensional span as nearly isotropic for
 * large D, its effect fading like D^−½; aligning it with the span keeps the control equally sharp
 * at every D.)
 *
 * @param widths     the D's
 * @param nodes      the P's, increasing, at least 3
 * @param draws      R ≥ 1 independent draws per point
 * @param solver     Runge–Kutta method in depth-time (the same for both layers)
 * @param steps      S, solver steps
 * @param trainSteps K, full-batch GD steps
 * @param anisotropy a ∈ (0, √2), a ≠ 1: the control's σ_u factor along the span of W_E
 * @param seed       base seed of the tasks and nodes
 */
public record SpanCheck(List<Integer> widths, List<Integer> nodes, int draws, OdeSolver solver, int steps, int trainSteps,
                        double anisotropy, long seed) {

    /** d_in = d_out. */
    static final int DIM_IO = 5;
    /** N. */
    static final int EXAMPLES = 10;

    /** One (D, P): RMS over the draws of the RMS output difference to the reduced limit. */
    public record Row(int d, int k, int p, double isotropic, double anisotropic, double seconds) {
    }

    /**
     * Validates the settings.
     *
     * @param widths     the D's
     * @param nodes      the P's
     * @param draws      R
     * @param solver     the solver
     * @param steps      S
     * @param trainSteps K
     * @param anisotropy a
     * @param seed       base seed
     */
    public SpanCheck {
        widths = List.copyOf(widths);
        nodes = List.copyOf(nodes);
        if (widths.isEmpty()) {
            throw new IllegalArgumentException("--widths is empty: give at least one D, e.g. --widths 20,128");
        }
        for (int d : widths) {
            if (d <= 2 * DIM_IO) {
                throw new IllegalArgumentException("--widths " + d + " is invalid: D must exceed k = d_in + d_out = "
                        + 2 * DIM_IO + ", or there is nothing to reduce (e.g. --widths 20,128)");
            }
        }
        if (nodes.size() < 3) {
            throw new IllegalArgumentException("--nodes " + nodes + " is invalid: the fitted slope needs at least 3 values of"
                    + " P, e.g. --nodes 64,256,1024,4096");
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) < 1 || (i > 0 && nodes.get(i) <= nodes.get(i - 1))) {
                throw new IllegalArgumentException("--nodes " + nodes + " is invalid: P must be ≥ 1 and increasing, e.g."
                        + " --nodes 64,256,1024,4096");
            }
        }
        if (draws < 1) {
            throw new IllegalArgumentException("--draws " + draws + " is invalid: give 1 or more independent draws per point");
        }
        if (solver == null) {
            throw new IllegalArgumentException("--solver is missing: give EULER, HEUN, RK3 or RK4");
        }
        if (steps < 1 || trainSteps < 1) {
            throw new IllegalArgumentException("--depth-steps " + steps + " and --train-steps " + trainSteps
                    + " must be ≥ 1");
        }
        if (!(anisotropy > 0 && anisotropy < Math.sqrt(2)) || anisotropy == 1) {
            throw new IllegalArgumentException("--anisotropy " + anisotropy + " is invalid: the control's σ_u factor a must"
                    + " lie in (0, √2) and differ from 1 (the other factor is √(2 − a²)), e.g. --anisotropy 1.4");
        }
    }

    /**
     * @param progress one line per point
     * @return one row per (D, P), D outer
     */
    public List<Row> run(Consumer<String> progress) {
        List<Row> rows = new ArrayList<>();
        for (int d : widths) {
            SyntheticTask task = SyntheticTask.generate(DIM_IO, DIM_IO, d, EXAMPLES, RatesSettings.mix(seed, d));
            EmbeddingReadoutWeights w = new EmbeddingReadoutWeights(task.embedding(), task.readout());
            INDArray control = null; // the control's transform of u: fixed by Q, which is the same for every P and draw
            int k = 0;
            for (int p : nodes) {
                long t0 = System.nanoTime();
                double iso = 0;
                double aniso = 0;
                for (int r = 0; r < draws; r++) {
                    ReducedLimit reduced = ReducedLimit.of(spec(d, RatesSettings.mix(seed, d, p, r, 0)), w, p, steps, solver,
                            NodeScheme.IID);
                    if (control == null) {
                        k = reduced.subspaceDim();
                        control = anisotropic(reduced.basis(), k);
                    }
                    double[] yr = train(reduced.multiLayerNetwork(), task);
                    double[] yi = train(full(d, p, RatesSettings.mix(seed, d, p, r, 1), w, null), task);
                    double[] ya = train(full(d, p, RatesSettings.mix(seed, d, p, r, 1), w, control), task);
                    iso += square(OutputDistances.rms(yi, yr)) / draws;
                    aniso += square(OutputDistances.rms(ya, yr)) / draws;
                }
                Row row = new Row(d, k, p, Math.sqrt(iso), Math.sqrt(aniso), (System.nanoTime() - t0) / 1e9);
                rows.add(row);
                progress.accept(String.format(Locale.ROOT, "D=%-4d k=%-2d P=%-6d full − reduced: isotropic %.3e,"
                        + " anisotropic control %.3e  (%d draws, %.1f s)", d, k, p, row.isotropic(), row.anisotropic(), draws,
                        row.seconds()));
            }
        }
        return rows;
    }

    private static double square(double x) {
        return x * x;
    }

    private MeanOdeResNet spec(int d, long s) {
        return MeanOdeResNet.builder().nIn(DIM_IO).nOut(DIM_IO).embeddingDim(d).depth(1).width(1).regime(Regime.COMPLETE)
                .learningRate(1.0).dataType(DataType.DOUBLE).seed(s).build();
    }

    /** The full-space limit layer with the task's W_E, W_U; {@code transform} (D×D) applied to every u, if given. */
    private MultiLayerNetwork full(int d, int p, long s, EmbeddingReadoutWeights w, INDArray transform) {
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(DIM_IO).nOut(DIM_IO).embeddingDim(d)
                .limit(p, steps, solver, NodeScheme.IID).regime(Regime.COMPLETE).learningRate(1.0)
                .dataType(DataType.DOUBLE).seed(s).build().multiLayerNetwork();
        w.writeTo(net);
        if (transform != null) {
            MeanOdeLayerRuntime l = EmbeddingReadoutWeights.limitLayer(net);
            for (int i = 0; i < solver.stages(); i++) {
                INDArray u = l.getU(i); // [D, P, S]
                long[] shape = u.shape();
                l.setU(i, transform.mmul(u.reshape('c', shape[0], shape[1] * shape[2])).reshape('c', shape));
            }
        }
        return net;
    }

    private double[] train(MultiLayerNetwork net, SyntheticTask task) {
        return FiniteResNet.fit(net, task, trainSteps).output();
    }

    /**
     * @param q Q, [D, k]
     * @param k k
     * @return I + Q(diag(c) − I)Qᵀ, [D, D], c = a on the first ⌈k/2⌉ basis vectors and √(2 − a²) on the rest
     */
    INDArray anisotropic(INDArray q, int k) {
        double[] c = new double[k];
        for (int j = 0; j < k; j++) {
            c[j] = (j < (k + 1) / 2 ? anisotropy : Math.sqrt(2 - anisotropy * anisotropy)) - 1;
        }
        INDArray qc = q.mulRowVector(Nd4j.createFromArray(c).castTo(q.dataType()));
        return Nd4j.eye(q.size(0)).castTo(q.dataType()).addi(qc.mmul(q.transpose()));
    }
}
