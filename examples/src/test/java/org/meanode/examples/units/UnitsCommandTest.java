package org.meanode.examples.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;
import org.meanode.examples.Provenance;
import org.meanode.examples.demo.LogLogFit;

/**
 * Runs {@code units --quick} end to end (3 units × 4 (L, M) pairs × 4 networks) and checks its
 * files and, refitted from the CSV, each unit's slope of spread against L·M. Measured with the
 * fixed seeds: 2lp −0.417 ± 0.038, bias −0.543 ± 0.060, gated −0.490 ± 0.074; the band
 * [−0.9, −0.2] accepts Theorem 1's −1/2 and rejects a spread that does not shrink with L·M
 * (slope ≈ 0) or shrinks like 1/(L·M) (slope −1).
 */
class UnitsCommandTest {

    @Test
    void quickRunWritesFilesAndEveryUnitConvergesAtRateOneHalf(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "units", "--quick", "--out", dir.toString());
        assertEquals(0, code, "exit code; stderr: " + err);
        List<String> lines = Files.readAllLines(dir.resolve(UnitsCommand.CSV));
        assertEquals(1 + 3 * 4, lines.size(), "header + 3 units x 4 (L, M) pairs");
        assertTrue(Files.readString(dir.resolve(Provenance.FILE_NAME)).contains("fittedSlope.gated"));
        BufferedImage png = ImageIO.read(dir.resolve(UnitsCommand.PNG).toFile());
        assertEquals(UnitsPlot.WIDTH, png.getWidth());

        for (String unit : List.of("2lp", "bias", "gated")) {
            List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",")).filter(f -> f[0].equals(unit)).toList();
            double[] x = rows.stream().mapToDouble(f -> Double.parseDouble(f[3])).toArray();
            double[] y = rows.stream().mapToDouble(f -> Double.parseDouble(f[4])).toArray();
            double slope = LogLogFit.fit(x, y).slope();
            assertTrue(slope > -0.9 && slope < -0.2, unit + ": fitted slope " + slope + " outside [-0.9, -0.2]; output:\n" + out);
        }
    }

    @Test
    void rejectsFewerThanTwoSeeds(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "units", "--quick", "--seeds",
                "1", "--out", dir.toString());
        assertTrue(code != 0, "--seeds 1 must fail");
        assertTrue(err.toString().contains("--seeds 2 or more"), "error names the fix: " + err);
    }
}
