package org.meanode.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;
import org.meanode.examples.Provenance;

/**
 * Runs {@code demo --quick} end to end and checks its files and its fitted slopes. Measured with
 * the fixed seeds: spread slope −0.48 ± 0.04 (6 configs, 4 networks each), distance-to-limit slope
 * −0.51; the band [−0.9, −0.2] accepts the predicted −0.5 with room for BLAS rounding, and rejects
 * a distance that does not shrink with L·M (slope ≈ 0) or shrinks like 1/(L·M) (slope −1).
 */
class DemoCommandTest {

    @Test
    void quickDemoWritesCsvPngProvenanceAndFitsSlopeNearMinusHalf(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "demo", "--quick", "--out", dir.toString());
        assertEquals(0, code, "exit code; stderr: " + err);

        Path csv = dir.resolve(ConvergenceReport.CONFIGS_CSV);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(1 + 6, lines.size(), "header + 3 depths x 2 widths in " + csv);
        assertEquals(1 + 6 * 4, Files.readAllLines(dir.resolve(ConvergenceReport.NETWORKS_CSV)).size(), "header + 24 networks");
        String prov = Files.readString(dir.resolve(Provenance.FILE_NAME));
        assertTrue(prov.contains("\"dl4jVersion\": \"1.0.0-M2.1\""));
        // the default limit: the reduced one (D = 20, k = 10), with its own error measured three ways
        assertTrue(out.toString().contains("limit: ReducedLimit (span of W_E, W_U"), out.toString());
        assertTrue(out.toString().contains("P = " + DemoSettings.REDUCED_QUICK_NODES + " SOBOL"), out.toString());
        assertTrue(prov.contains("\"limitQuadratureCheck\"") && prov.contains("\"limitDiscretisationCheck\""), prov);

        BufferedImage png = ImageIO.read(dir.resolve(DemoCommand.PNG).toFile());
        assertEquals(ConvergencePlot.WIDTH, png.getWidth());
        assertEquals(ConvergencePlot.HEIGHT, png.getHeight());

        // Refit from the CSV, independently of the command's own fit.
        String[] header = lines.get(0).split(",");
        int lm = List.of(header).indexOf("depth_times_width");
        int spread = List.of(header).indexOf("spread");
        int toLimit = List.of(header).indexOf("distance_to_limit");
        double[] x = new double[6];
        double[] y = new double[6];
        double[] z = new double[6];
        for (int i = 0; i < 6; i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            x[i] = Double.parseDouble(f[lm]);
            y[i] = Double.parseDouble(f[spread]);
            z[i] = Double.parseDouble(f[toLimit]);
        }
        double slope = LogLogFit.fit(x, y).slope();
        assertTrue(slope > -0.9 && slope < -0.2, "fitted slope " + slope + " outside [-0.9, -0.2]; output:\n" + out);
        assertTrue(out.toString().contains(String.format(Locale.ROOT, "%.3f", slope)), "slope printed");
        double limitSlope = LogLogFit.fit(x, z).slope();
        assertTrue(limitSlope > -0.9 && limitSlope < -0.2, "distance-to-limit slope " + limitSlope + "; output:\n" + out);
        assertTrue(out.toString().contains(String.format(Locale.ROOT, "%.3f", limitSlope)), "limit slope printed");
    }

    @Test
    void rejectsFewerThanTwoSeeds(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "demo", "--quick", "--seeds", "1",
                "--out", dir.toString());
        assertTrue(code != 0, "--seeds 1 must fail");
        assertTrue(err.toString().contains("--seeds 2 or more"), "error names the fix: " + err);
    }

    @Test
    void rejectsAnUnknownLimitSpaceNamingTheOption(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "demo", "--quick",
                "--limit-space", "span", "--out", dir.toString());
        assertTrue(code != 0, "--limit-space span must fail");
        assertTrue(err.toString().contains("--limit-space = span is invalid: use reduced (the default) or full"), err.toString());
    }
}
