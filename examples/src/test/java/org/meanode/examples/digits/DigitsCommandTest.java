package org.meanode.examples.digits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.examples.MeanOdeCli;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code digits --quick} end to end (D = 8, plugin L ∈ {2, 4}, M = 2, η ∈ {1, 4}, 2 seeds; stock
 * L ∈ {2, 4}, η ∈ {0.01, 0.1}; one epoch): every run is written, the plugin learns (one epoch at
 * this tiny size reached 70–72% test accuracy when measured; asserted: above 40%, chance is 10%),
 * the seed spread is measured at both sizes, the figure is drawn. The spread formula is checked on
 * arrays with a known answer. The full figures come from {@code meanode digits} (docs/digits.md).
 */
class DigitsCommandTest {

    @Test
    @Tag("slow")
    void quickSweepWritesEveryRunAndThePluginLearns(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "digits", "--quick", "--out", dir.toString());
        assertEquals(0, code, "stderr: " + err + "\nstdout: " + out);
        List<String> runs = Files.readAllLines(dir.resolve(DigitsReport.RUNS_CSV));
        assertEquals(1 + 2 * 2 * 2 + 2 * 2, runs.size(), "header + 8 plugin runs + 4 stock runs");
        double bestPlugin = 0;
        for (String l : runs.subList(1, runs.size())) {
            String[] f = l.split(",");
            if (f[0].equals("PLUGIN") && f[7].equals("false")) {
                bestPlugin = Math.max(bestPlugin, Double.parseDouble(f[5]));
            }
        }
        assertTrue(bestPlugin > 0.4, "plugin test accuracy after one epoch: " + bestPlugin + "\n" + out);
        assertEquals(1 + 2, Files.readAllLines(dir.resolve(DigitsReport.SPREAD_CSV)).size());
        assertTrue(out.toString().contains("best η moves"), out.toString());
        BufferedImage png = ImageIO.read(dir.resolve(DigitsCommand.PNG).toFile());
        assertEquals(3 * 560, png.getWidth());
        assertTrue(Files.readString(dir.resolve("provenance.json")).contains("\"shift.stock\""));
    }

    @Test
    void spreadIsTheRootMeanVarianceBetweenSeeds() {
        // Two seeds: outputs 0 and 2 everywhere → variance (1 + 1)/(2 − 1) = 2 per entry → spread √2.
        double s = DigitsExperiment.spread(List.of(Nd4j.zeros(3, 2), Nd4j.valueArrayOf(new long[] {3, 2}, 2.0)));
        assertEquals(Math.sqrt(2), s, 1e-6);
    }

    @Test
    void baseEtaOutsideTheGridIsRejected(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), "digits", "--quick", "--base-eta", "3",
                "--out", dir.toString());
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("base η = 3.0 is not in the plugin's η grid"), err.toString());
    }
}
