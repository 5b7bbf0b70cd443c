package org.meanode.examples.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;
import org.meanode.examples.Provenance;
import org.meanode.examples.demo.SyntheticTask;
import org.meanode.examples.limit.WidthSweepExperiment.Point;
import org.meanode.examples.limit.WidthSweepReport.Cost;
import org.meanode.network.MeanOdeResNet;
import org.meanode.scaling.Regime;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The width sweep ({@code accuracy --widths}): its CSV, figure and provenance end to end on a
 * small run, the log-log interpolation that gives the ratios at equal error, and the step timer's
 * bookkeeping (no speed is asserted: timings are benchmark figures, not test outcomes).
 */
class WidthSweepTest {
    private static final Logger LOG = LoggerFactory.getLogger(WidthSweepTest.class);

    @Test
    void smallSweepWritesCsvFigureAndProvenance(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "accuracy", "--widths", "20",
                "--costs", "16,32", "--quick", "--examples", "12", "--out", dir.toString());
        assertEquals(0, code, "exit code; stderr: " + err + "\nstdout: " + out);
        LOG.info("accuracy --widths output:\n{}", out);

        List<String> lines = Files.readAllLines(dir.resolve(WidthSweepReport.CSV));
        assertEquals("D,k,N,curve,unit_evaluations,flops_per_step,seconds_per_step,cpu_seconds_per_step,rms_error",
                lines.get(0));
        // reference + 2 costs × (stack, full, reduced) + the reduced point at 4× the largest cost
        assertEquals(1 + 1 + 2 * 3 + 1, lines.size(), String.join("\n", lines));
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(",");
            assertEquals("20", f[0]);
            assertEquals("10", f[1], "k = d_in + d_out");
            assertEquals("12", f[2], "N from --examples");
            double flops = Double.parseDouble(f[5]);
            long c = Long.parseLong(f[4]);
            double perUnit = f[3].startsWith("reduced") ? 10 : 20;
            assertEquals(12.0 * c * perUnit * 12, flops, 1e-6 * flops, line);
            assertTrue(Double.parseDouble(f[6]) > 0, "wall time per step: " + line);
            assertTrue(Double.parseDouble(f[7]) >= 0, "CPU time per step: " + line);
            assertTrue(Double.parseDouble(f[8]) > 0, "error: " + line);
        }
        assertTrue(out.toString().contains("At equal error"), out.toString());
        assertTrue(out.toString().contains("CPU"), out.toString());
        BufferedImage png = ImageIO.read(dir.resolve(WidthSweepPlot.PNG).toFile());
        assertEquals(2 * WidthSweepPlot.PANEL_WIDTH, png.getWidth());
        assertTrue(png.getHeight() >= WidthSweepPlot.PANEL_HEIGHT);
        String prov = Files.readString(dir.resolve(Provenance.FILE_NAME));
        assertTrue(prov.contains("\"examples\"") && prov.contains("\"loadAverageStart\""), prov);
    }

    @Test
    void examplesOptionIsValidated(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "accuracy", "--widths", "20",
                "--examples", "0", "--out", dir.toString());
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("--examples 0") && err.toString().contains("≥ 1"), err.toString());

        StringWriter err2 = new StringWriter();
        int code2 = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err2), "accuracy", "--examples",
                "100", "--out", dir.toString());
        assertNotEquals(0, code2);
        assertTrue(err2.toString().contains("--widths"), err2.toString());
    }

    @Test
    void interpolationIsLinearInLogLogAndFlagsExtrapolation() {
        // error = 1/sqrt(flops): cost at error e is 1/e²; times = flops/1000, CPU = flops/500
        List<Point> curve = List.of(point(100, 0.1), point(10_000, 0.01));
        double[] mid = WidthSweepReport.interpolate(curve, Math.sqrt(0.1 * 0.01), Cost.FLOPS);
        assertEquals(1000, mid[0], 1e-6);
        assertEquals(0, mid[1]);
        assertEquals(1.0, WidthSweepReport.interpolate(curve, Math.sqrt(0.1 * 0.01), Cost.WALL)[0], 1e-9);
        assertEquals(2.0, WidthSweepReport.interpolate(curve, Math.sqrt(0.1 * 0.01), Cost.CPU)[0], 1e-9);
        double[] below = WidthSweepReport.interpolate(curve, 0.001, Cost.FLOPS);
        assertEquals(1e6, below[0], 1e-3);
        assertEquals(1, below[1], "extrapolated beyond the most accurate point");
        double[] above = WidthSweepReport.interpolate(curve, 1.0, Cost.FLOPS);
        assertEquals(1, above[0], 1e-9);
        assertEquals(1, above[1]);
    }

    private static Point point(double flops, double error) {
        return new Point(20, 10, 10, "reduced limit", 4, flops, flops / 1000, flops / 500, error);
    }

    @Test
    void stepTimerCountsTimedStepsAfterWarmUp() {
        SyntheticTask task = SyntheticTask.generate(5, 5, 8, 4, 1);
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(5).nOut(5).embeddingDim(8).depth(2).width(2)
                .regime(Regime.COMPLETE).learningRate(0.1).dataType(DataType.DOUBLE).seed(3).build();
        MultiLayerNetwork a = spec.multiLayerNetwork();
        MultiLayerNetwork b = spec.multiLayerNetwork();
        List<StepTimer.Timing> t = new StepTimer(2, 3, 0.0).time(List.of(a, b), task.dataSet());
        assertEquals(2, t.size());
        for (StepTimer.Timing x : t) {
            assertEquals(3, x.timedSteps(), "minTurnSeconds 0: one step per turn, 3 rounds");
            assertTrue(x.wallSecondsPerStep() > 0);
        }
        assertEquals(2 + 3, a.getIterationCount(), "2 warm-up steps + 3 timed steps");
        assertEquals(2.5, StepTimer.median(new double[] {4, 1, 2, 3}));
        assertEquals(2.0, StepTimer.median(new double[] {5, 2, 1}));
        assertThrows(IllegalArgumentException.class, () -> new StepTimer(0, 3, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new StepTimer(1, 0, 0.0));
    }
}
