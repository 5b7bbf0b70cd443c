package org.meanode.examples.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.meanode.examples.Provenance;
import org.meanode.ode.OdeSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code accuracy span-check} run small (D = 20, P = 1024, 4096, 16384, one draw, Euler S = 4,
 * K = 15, about 15 s): the RMS difference between the full-space limit layer and the reduced limit
 * falls like P^−½ (×16 in P: measured ×0.21, asserted below ×0.4), and the negative control (u's
 * with σ_u × 1.4 along span(W_E) and × 0.2 along the rest of the span) does not (measured ×0.76,
 * asserted above ×0.6) and ends at least 3× above the isotropic difference (measured 5.8×). If the
 * reduced limit were not the limit of the full-space layer (e.g. a rate or a 1/D wrong in
 * ReducedUnit), the isotropic difference would stall as well and this test would fail.
 */
@Tag("slow")
class SpanCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(SpanCheckTest.class);

    private static int run(StringWriter out, StringWriter err, String... args) {
        return MeanOdeCli.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void isotropicDifferenceFallsLikePToTheMinusHalfAndTheControlStalls(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "accuracy", "span-check", "--widths", "20", "--nodes", "1024,4096,16384", "--draws", "1",
                "--out", dir.toString());
        LOG.info("span-check output:\n{}", out);
        assertEquals(0, code, "exit code (0 = PASS); stderr: " + err + "\nstdout: " + out);
        List<String> rows = Files.readAllLines(dir.resolve(SpanCheckReport.CSV));
        assertEquals(1 + 3, rows.size(), "header + 3 values of P");
        double[] iso = new double[3];
        double[] aniso = new double[3];
        for (int i = 0; i < 3; i++) {
            String[] f = rows.get(1 + i).split(",");
            assertEquals("20", f[0]);
            assertEquals("10", f[1], "k = d_in + d_out");
            iso[i] = Double.parseDouble(f[7]);
            aniso[i] = Double.parseDouble(f[8]);
        }
        assertTrue(iso[2] < 0.4 * iso[0], "isotropic difference falls like P^-1/2 (×0.25 expected for ×16 in P): "
                + iso[0] + " -> " + iso[2]);
        assertTrue(iso[2] < 0.02, "isotropic difference at P = 16384 is small: " + iso[2]);
        assertTrue(aniso[2] > 0.6 * aniso[0], "control stalls: " + aniso[0] + " -> " + aniso[2]);
        assertTrue(aniso[2] > 3 * iso[2], "control ends well above the isotropic difference: " + aniso[2] + " vs " + iso[2]);
        assertTrue(out.toString().contains("PASS: the full-space and the reduced limit converge"), out.toString());
        assertTrue(out.toString().contains("control   slope") && out.toString().contains("stalls -> ok"), out.toString());
        BufferedImage img = ImageIO.read(dir.resolve(SpanCheckReport.PNG).toFile());
        assertEquals(AccuracyPlot.WIDTH, img.getWidth());
        String prov = Files.readString(dir.resolve(Provenance.FILE_NAME));
        assertTrue(prov.contains("\"verdict\"") && prov.contains("PASS"), prov);
    }

    @Test
    void controlTransformScalesTheSpanAndLeavesItsComplement() {
        SpanCheck c = new SpanCheck(List.of(20), List.of(1, 2, 3), 1, OdeSolver.EULER, 1, 1, 1.4, 1);
        INDArray q = orthonormalColumns(Nd4j.randn(DataType.DOUBLE, 12, 4));
        INDArray m = c.anisotropic(q, 4);
        INDArray mq = m.mmul(q);
        double lo = Math.sqrt(2 - 1.4 * 1.4);
        double[] expected = {1.4, 1.4, lo, lo};
        for (int j = 0; j < 4; j++) {
            assertTrue(Transforms.abs(mq.getColumn(j).sub(q.getColumn(j).mul(expected[j]))).maxNumber().doubleValue() < 1e-12,
                    "basis vector " + j);
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 12, 1);
        INDArray perp = x.sub(q.mmul(q.transpose().mmul(x)));
        assertTrue(Transforms.abs(m.mmul(perp).sub(perp)).maxNumber().doubleValue() < 1e-12, "complement unchanged");
    }

    /** Gram–Schmidt, plain loops. */
    private static INDArray orthonormalColumns(INDArray a) {
        double[][] m = a.toDoubleMatrix();
        int rows = m.length;
        int cols = m[0].length;
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < j; i++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += m[r][i] * m[r][j];
                }
                for (int r = 0; r < rows; r++) {
                    m[r][j] -= dot * m[r][i];
                }
            }
            double n = 0;
            for (int r = 0; r < rows; r++) {
                n += m[r][j] * m[r][j];
            }
            for (int r = 0; r < rows; r++) {
                m[r][j] /= Math.sqrt(n);
            }
        }
        return Nd4j.create(m);
    }

    @Test
    void badOptionsAreRefusedNamingTheOption(@TempDir Path dir) {
        assertError("--nodes", "accuracy", "span-check", "--nodes", "256,64,1024", "--out", dir.toString());
        assertError("--nodes", "accuracy", "span-check", "--nodes", "256,1024", "--out", dir.toString());
        assertError("--widths 8", "accuracy", "span-check", "--widths", "8", "--out", dir.toString());
        assertError("--anisotropy 1.0", "accuracy", "span-check", "--anisotropy", "1", "--out", dir.toString());
        assertError("--anisotropy 1.5", "accuracy", "span-check", "--anisotropy", "1.5", "--out", dir.toString());
        assertError("--draws 0", "accuracy", "span-check", "--draws", "0", "--out", dir.toString());
    }

    private static void assertError(String expected, String... args) {
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, args);
        assertTrue(code != 0, "must fail: " + String.join(" ", args));
        assertTrue(err.toString().contains(expected), "error names the option ('" + expected + "'): " + err);
    }
}
