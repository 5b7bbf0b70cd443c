package org.meanode.examples.rates;

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
import org.meanode.predict.DistancePredictor;

/** Runs {@code rates} end to end on two small sweeps and checks its files; and its option validation. */
class RatesCommandTest {

    private static int run(StringWriter out, StringWriter err, String... args) {
        return MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void smallRunWritesCsvPngJsonAndProvenance(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "rates", "--quick", "--sweeps", "a,c", "--dim", "10", "--a-widths", "1,16", "--c-dims", "5,10",
                "--seeds", "2", "--ref-nodes", "256", "--out", dir.toString());
        assertEquals(0, code, "exit code; stderr: " + err + "\nstdout: " + out);

        List<String> rows = Files.readAllLines(dir.resolve(RatesReport.SIZES_CSV));
        assertEquals(1 + 2 + 2, rows.size(), "header + 2 sizes of (a) + 2 of (c)");
        assertTrue(rows.get(1).startsWith("a,2,1,10,"), rows.get(1));
        assertTrue(rows.get(3).startsWith("c,4,4,5,"), rows.get(3));
        assertEquals(1 + 4 * 2, Files.readAllLines(dir.resolve(RatesReport.NETWORKS_CSV)).size(), "header + 4 sizes x 2 nets");
        assertEquals(1 + 2, Files.readAllLines(dir.resolve(RatesReport.REFERENCES_CSV)).size(), "header + D = 5, 10");
        DistancePredictor p = DistancePredictor.load(dir.resolve(RatesReport.PREDICTOR_JSON));
        assertEquals(4, p.samples().size());
        assertTrue(p.source().startsWith("meanode rates"), p.source());
        String prov = Files.readString(dir.resolve(Provenance.FILE_NAME));
        assertTrue(prov.contains("\"slope.a\"") && prov.contains("\"referenceError.D10\""), prov);

        for (String png : List.of(RatesPlot.COMBINED, RatesPlot.fileName(Sweep.WIDTH), RatesPlot.fileName(Sweep.DIM))) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertTrue(img.getWidth() >= RatesPlot.WIDTH && img.getHeight() == RatesPlot.HEIGHT, png);
        }
        assertTrue(out.toString().contains("Fitted bound"), out.toString());
        // the default reference is the reduced limit; at D = 5 and 10, k = min(D, 10) = D: the full-space layer, said once
        assertTrue(out.toString().contains("limit reference: ReducedLimit"), out.toString());
        assertTrue(out.toString().contains("limit D=5: k = dim span(W_E, W_U) = 5 ≥ D = 5, nothing to reduce"), out.toString());
        assertTrue(Files.readString(dir.resolve(RatesReport.REFERENCES_CSV)).contains("nothing to reduce: full-space"
                + " MeanOdeLayer, P = 256"), "fallback recorded with the reference");
        assertTrue(out.toString().contains("100%"), "progress bar reaches 100%");
    }

    @Test
    void invalidOptionsNameTheOptionAndTheFix(@TempDir Path dir) {
        assertError("--seeds 2 or more", "rates", "--quick", "--seeds", "1", "--out", dir.toString());
        assertError("unknown sweep 'e'", "rates", "--quick", "--sweeps", "a,e", "--out", dir.toString());
        assertError("must read LxMxD", "rates", "--quick", "--sweeps", "d", "--d-sizes", "4x4", "--out", dir.toString());
        assertError("--a-widths = 0 must be ≥ 1", "rates", "--quick", "--a-widths", "0,4", "--out", dir.toString());
        assertError("needs at least 2 sizes", "rates", "--quick", "--sweeps", "b", "--b-depths", "4", "--out", dir.toString());
        assertError("repeated values", "rates", "--quick", "--sweeps", "c", "--c-dims", "5,5", "--out", dir.toString());
        assertError("--ref-replicates 2 or more", "rates", "--quick", "--ref-replicates", "1", "--out", dir.toString());
        assertError("steps = 0", "rates", "--quick", "--steps", "0", "--out", dir.toString());
        assertError("--ref-space = span is invalid", "rates", "--quick", "--ref-space", "span", "--out", dir.toString());
    }

    private static void assertError(String expected, String... args) {
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, args);
        assertTrue(code != 0, "must fail: " + String.join(" ", args));
        assertTrue(err.toString().contains(expected), "error names the problem ('" + expected + "'): " + err);
    }
}
