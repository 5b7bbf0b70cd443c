package org.meanode.examples.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.examples.Provenance;
import org.meanode.units.ConvUnit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@code meanode bench --conv}: median time of one float32 full-batch Sgd step ({@code fit}) of
 * a convolutional residual stack of L blocks of M {@link ConvUnit}s on C×H×W images (k×k, padding
 * "same"), next to the same network built from stock DL4J layers, interleaved round-robin in the
 * same run: per block a k×k ConvolutionLayer C→M (tanh, no bias), a 1×1 ConvolutionLayer M→C
 * (identity, no bias), a ScaleVertex(α/(L·M)) and an ElementWiseVertex(Add). Both end in an MSE
 * loss on the flattened state. Flops per step: 3 × the forward pass's 2·N·H·W·(C·k² + C)·M per
 * block; the rate is compared with ND4J's SGEMM rate measured in the same run (512³).
 * Writes {@value #CSV}.
 */
final class ConvBench {
    /** CSV file name. */
    static final String CSV = "bench-conv.csv";

    /**
     * The case: C, H (= W), k, L, M, N.
     *
     * @param channels C
     * @param size     H = W
     * @param kernel   k
     * @param depth    L
     * @param width    M
     * @param batch    N
     */
    record Case(int channels, int size, int kernel, int depth, int width, int batch) {
        static final Case DEFAULT = new Case(32, 16, 3, 16, 32, 64);

        /** @param s "CxHxKxLxMxN", e.g. 32x16x3x16x32x64 */
        static Case parse(String s) {
            String[] p = s.toLowerCase(Locale.ROOT).split("x");
            if (p.length != 6) {
                throw new IllegalArgumentException("--conv-case '" + s + "' is not CxHxKxLxMxN (e.g. 32x16x3x16x32x64)");
            }
            int[] v = new int[6];
            for (int i = 0; i < 6; i++) {
                try {
                    v[i] = Integer.parseInt(p[i].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--conv-case '" + s + "': '" + p[i] + "' is not an integer; use"
                            + " CxHxKxLxMxN (e.g. 32x16x3x16x32x64)");
                }
                if (v[i] < 1) {
                    throw new IllegalArgumentException("--conv-case '" + s + "': every size must be ≥ 1 (CxHxKxLxMxN)");
                }
            }
            return new Case(v[0], v[1], v[2], v[3], v[4], v[5]);
        }

        double flopsPerStep() {
            return 3.0 * 2.0 * batch * size * size * ((double) channels * kernel * kernel + channels) * width * depth;
        }

        @Override
        public String toString() {
            return "C=" + channels + " " + size + "x" + size + " k=" + kernel + " L=" + depth + " M=" + width + " N=" + batch;
        }
    }

    private ConvBench() {
    }

    static ComputationGraph plugin(Case c) {
        ConvUnit u = new ConvUnit(c.channels(), c.size(), c.size(), c.kernel());
        ComputationGraph g = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("stack", new ScaledResidualStack.Builder().unit(u).depth(c.depth()).width(c.width()).build(), "in")
                .addLayer("loss", loss(), "stack").setOutputs("loss")
                .setInputTypes(InputType.convolutional(c.size(), c.size(), c.channels())).build());
        g.init();
        return g;
    }

    static ComputationGraph stock(Case c) {
        ComputationGraphConfiguration.GraphBuilder b = base().graphBuilder().addInputs("in");
        String prev = "in";
        double scale = 1.0 / ((double) c.depth() * c.width());
        for (int l = 0; l < c.depth(); l++) {
            b.addLayer("b" + l + "_in", new ConvolutionLayer.Builder(c.kernel(), c.kernel()).nIn(c.channels())
                    .nOut(c.width()).convolutionMode(ConvolutionMode.Same).hasBias(false).activation(Activation.TANH)
                    .build(), prev);
            b.addLayer("b" + l + "_out", new ConvolutionLayer.Builder(1, 1).nIn(c.width()).nOut(c.channels())
                    .hasBias(false).activation(Activation.IDENTITY).build(), "b" + l + "_in");
            b.addVertex("b" + l + "_scale", new ScaleVertex(scale), "b" + l + "_out");
            b.addVertex("b" + l + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), prev, "b" + l + "_scale");
            prev = "b" + l + "_add";
        }
        ComputationGraph g = new ComputationGraph(b.addLayer("loss", loss(), prev).setOutputs("loss")
                .setInputTypes(InputType.convolutional(c.size(), c.size(), c.channels())).build());
        g.init();
        return g;
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).updater(new Sgd(1e-3));
    }

    private static LossLayer loss() {
        return new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build();
    }

    /**
     * Times the case and prints and writes the figures.
     *
     * @param c      the case
     * @param budget warm-up and timed iterations per network
     * @param out    output directory
     * @param prov   provenance to complete and write
     * @param pw     progress and report
     * @throws IOException if the files cannot be written
     */
    static void run(Case c, TimingBudget budget, Path out, Provenance prov, PrintWriter pw) throws IOException {
        Files.createDirectories(out);
        double load0 = MemoryProbe.loadAverage();
        Timing sgemm = GemmReference.measure(512, 512, 512, budget);
        double peak = sgemm.gflopsMedian(GemmReference.flops(512, 512, 512));
        pw.printf(Locale.ROOT, "bench --conv %s, load average %.2f; sgemm 512^3: %.1f GFLOP/s%n", c, load0, peak);
        pw.flush();
        DataSet ds = new DataSet(Nd4j.randn(DataType.FLOAT, c.batch(), c.channels(), c.size(), c.size()),
                Nd4j.randn(DataType.FLOAT, c.batch(), (long) c.channels() * c.size() * c.size()));
        ComputationGraph p = plugin(c);
        ComputationGraph s = stock(c);
        List<Timing> t = StepTimer.measureInterleaved(List.of(() -> p.fit(ds), () -> s.fit(ds)), budget);
        double load1 = MemoryProbe.loadAverage();
        double flops = c.flopsPerStep();
        double gp = t.get(0).gflopsMedian(flops);
        double gs = t.get(1).gflopsMedian(flops);
        double ratio = t.get(1).medianSeconds() / t.get(0).medianSeconds();
        pw.printf(Locale.ROOT, "  conv stack (plugin): median %.1f ms (%d steps), %.2f GFLOP/s = %.0f%% of SGEMM%n",
                t.get(0).medianSeconds() * 1e3, t.get(0).iterations(), gp, 100 * gp / peak);
        pw.printf(Locale.ROOT, "  stock DL4J (ConvolutionLayer + ScaleVertex + ElementWiseVertex): median %.1f ms (%d"
                + " steps), %.2f GFLOP/s = %.0f%% of SGEMM%n", t.get(1).medianSeconds() * 1e3, t.get(1).iterations(), gs,
                100 * gs / peak);
        pw.printf(Locale.ROOT, "  speed-up plugin vs stock: %.2fx (load average %.2f -> %.2f)%n", ratio, load0, load1);
        pw.flush();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve(CSV)))) {
            w.println("case,impl,median_ms,best_ms,iterations,gflops_median,fraction_of_sgemm");
            String[] names = {"conv-stack", "stock-dl4j"};
            for (int i = 0; i < 2; i++) {
                Timing ti = t.get(i);
                w.printf(Locale.ROOT, "%s,%s,%.3f,%.3f,%d,%.3f,%.4f%n", c.toString().replace(' ', '_'), names[i],
                        ti.medianSeconds() * 1e3, ti.minSeconds() * 1e3, ti.iterations(), ti.gflopsMedian(flops),
                        ti.gflopsMedian(flops) / peak);
            }
        }
        prov.put("convCase", c.toString()).put("sgemmGflops", peak).put("speedup", ratio)
                .put("loadAverageStart", load0).put("loadAverageEnd", load1).put("timing", budget.toString());
        prov.write(out);
    }
}
