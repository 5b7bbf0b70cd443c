package org.meanode.examples.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;
import org.meanode.examples.demo.LogLogFit;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The lazy regime at small scale (D = 8, L = 8, M = 16, N = 32, K = 5, paired init, float64):
 * for α ∈ {4, 8, 16, 32} the relative movement of U after K steps falls like 1/α — log-log slope
 * in [−1.3, −0.7] (measured −0.998) — while the loss still decreases (0.498 → 0.218 at every α).
 * Negative control: with the base rate raised in proportion to α (undoing half of the 1/α² rule)
 * the slope leaves the band (measured −0.385). The plain-Java hidden states of
 * {@link HiddenStates} reproduce the network's output through the readout (1e-10, float64).
 * Also runs {@code phase} end to end on a tiny grid.
 */
class PhaseTest {
    private static final List<Double> ALPHAS = List.of(4.0, 8.0, 16.0, 32.0);

    private static PhaseSettings settings() {
        return new PhaseSettings(8, 8, 16, 32, 5, ALPHAS, List.of(1.0), List.of(1.0), 1.0, 5, true);
    }

    @Test
    void unitMovementFallsLikeOneOverAlphaWhileTheLossDecreases() {
        PhaseExperiment exp = new PhaseExperiment(settings());
        DataSet data = exp.data();
        double[] a = new double[ALPHAS.size()];
        double[] move = new double[ALPHAS.size()];
        double[] control = new double[ALPHAS.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ALPHAS.get(i);
            PhaseCell c = exp.measure("sigma", a[i], 1.0, 1.0, data);
            assertFalse(c.diverged());
            assertTrue(c.finalLoss() < 0.9 * c.initialLoss(), "loss decreases at α = " + a[i] + ": " + c);
            move[i] = c.unitMovement();
            control[i] = exp.measure("sigma", a[i], 1.0, a[i] / ALPHAS.get(0), data).unitMovement();
        }
        double slope = LogLogFit.fit(a, move).slope();
        assertTrue(slope >= -1.3 && slope <= -0.7, "lazy slope " + slope + " outside [-1.3, -0.7]");
        double controlSlope = LogLogFit.fit(a, control).slope();
        assertTrue(controlSlope > -0.7 || controlSlope < -1.3, "negative control must leave the band: " + controlSlope);
    }

    @Test
    void pairedInitMakesTheInitialOutputIndependentOfAlpha() {
        PhaseExperiment exp = new PhaseExperiment(settings());
        DataSet data = exp.data();
        PhaseCell small = exp.measure("sigma", 4.0, 1.0, 1.0, data);
        PhaseCell large = exp.measure("sigma", 32.0, 1.0, 1.0, data);
        assertEquals(small.initialLoss(), large.initialLoss(), 1e-12, "blocks output exactly 0 at step 0");
        // Negative control: i.i.d. units give an α-dependent initial output.
        PhaseExperiment iid = new PhaseExperiment(new PhaseSettings(8, 8, 16, 32, 5, ALPHAS, List.of(1.0), List.of(1.0), 1.0, 5,
                false));
        double l4 = iid.measure("sigma", 4.0, 1.0, 1.0, data).initialLoss();
        double l32 = iid.measure("sigma", 32.0, 1.0, 1.0, data).initialLoss();
        assertTrue(Math.abs(l4 - l32) > 1e-3, "i.i.d. init: " + l4 + " vs " + l32);
    }

    @Test
    void hiddenStatesReproduceTheNetworksOutput() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = org.meanode.network.MeanOdeResNet.builder().nIn(4).nOut(1)
                .embeddingDim(6).depth(5).width(3).alpha(1.7).learningRate(0.1).seed(2)
                .dataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE).build().multiLayerNetwork();
        DataSet data = new PhaseExperiment(settings()).data();
        org.nd4j.linalg.api.ndarray.INDArray x = data.getFeatures();
        org.meanode.network.ResNetWeights w = org.meanode.network.ResNetWeights.readFrom(net);
        double[][][] h = HiddenStates.of(w, 1.7, x);
        org.nd4j.linalg.api.ndarray.INDArray y = net.output(x);
        double[][] wu = w.getReadout().toDoubleMatrix();
        for (int e = 0; e < x.size(0); e++) {
            double out = 0;
            for (int i = 0; i < 6; i++) {
                out += wu[i][0] * h[5][e][i] / 6;
            }
            assertEquals(y.getDouble(e, 0), out, 1e-10 * Math.max(1, Math.abs(out)), "example " + e);
        }
    }

    @Test
    void phaseCommandWritesHeatmapsAndCsv(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "phase", "--depth", "4", "--width", "8", "--steps",
                "3", "--alpha-exponents", "1:3", "--out", dir.toString());
        assertEquals(0, code, "stderr: " + err);
        assertEquals(1 + 3 * (6 + 6), Files.readAllLines(dir.resolve(PhaseReport.CSV)).size(), "header + 3 α x (6 σ + 6 η)");
        assertTrue(Files.size(dir.resolve(PhaseCommand.PNG)) > 10_000);
        assertTrue(out.toString().contains("lazy slope"), out.toString());
        StringWriter bad = new StringWriter();
        assertTrue(MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(bad), "phase", "--width", "7",
                "--out", dir.toString()) != 0);
        assertTrue(bad.toString().contains("width M = 7 is odd"), bad.toString());
    }
}
