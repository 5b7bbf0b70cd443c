package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.meanode.conf.ScaledResidualStack;
import org.meanode.testutil.Arrays2;
import org.meanode.testutil.ReferenceResNet;
import org.meanode.testutil.ReferenceResNet.Act;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Golden-file regression test of the saved-model format of release 0.1.0:
 * {@code src/test/resources/golden/meanode-0.1.0-mln.zip} is a MultiLayerNetwork built by
 * {@link MeanOdeResNet} (d_in = 3, D = 4, L = 3, M = 2, d_out = 2, α = 1.5, tanh, fused, double,
 * seed 2025) trained 2 Adam(1e-2) steps and saved with its updater state;
 * {@code meanode-0.1.0-mln-expected.csv} holds a fixed probe input and the outputs that the
 * independent {@link ReferenceResNet} computes from the weights stored in the zip (read from
 * its {@code coefficients.bin} and sliced by the documented flat layout, without the plugin's
 * code). The test restores the zip with ModelSerializer, with its updater, and requires outputs
 * equal to the reference values to {@value #TOL} (max |Δ| / max |y|), the documented flat
 * layout to match {@link ResNetWeights}, and one more training step to run.
 *
 * <p>Regenerate (only for a deliberate format change, as a new release's files next to the old):
 * <pre>
 *   mvn -B -q -pl dl4j-meanode test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=org.meanode.network.GoldenNetworkTest -Dexec.args=dl4j-meanode
 * </pre>
 * from the repository root, which runs {@link #main}: it rewrites both files under
 * {@code dl4j-meanode/src/test/resources/golden/} and refuses to if the network's own output
 * disagrees with the reference.
 */
public class GoldenNetworkTest {
    static final String ZIP = "meanode-0.1.0-mln.zip";
    static final String CSV = "meanode-0.1.0-mln-expected.csv";
    static final double TOL = 1e-10;
    static final int D_IN = 3;
    static final int D_OUT = 2;
    static final int D = 4;
    static final int L = 3;
    static final int M = 2;
    static final double ALPHA = 1.5;
    static final long SEED = 2025;

    @Test
    void savedNetworkReproducesReferenceOutputs() throws IOException {
        byte[] zip = resource(ZIP);
        double[][][] table = readCsv(new String(resource(CSV), StandardCharsets.UTF_8));
        double[][] x = table[0];
        double[][] expected = table[1];

        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), true);
        assertEquals(DataType.DOUBLE, net.params().dataType());
        ScaledResidualStack stack = (ScaledResidualStack) net.getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(L, stack.getDepth());
        assertEquals(M, stack.getWidth());
        assertEquals(ALPHA, stack.getAlpha());

        double err = maxRelDiff(net.output(Arrays2.nd(x)), Arrays2.nd(expected));
        assertTrue(err < TOL, "restored golden network's outputs differ from the reference values by " + err);

        ReferenceResNet ref = reference(coefficients(zip));
        assertTrue(maxRelDiff(Arrays2.nd(ref.forward(x)), Arrays2.nd(expected)) < TOL,
                "the CSV does not belong to the weights in the zip: regenerate both files together");
        ResNetWeights w = ResNetWeights.readFrom(net);
        assertEquals(Arrays2.nd(ref.wE), w.getEmbedding(), "flat layout of W_E changed");
        assertEquals(Arrays2.nd(ref.uDml()), w.getU(), "flat layout of U changed");
        assertEquals(Arrays2.nd(ref.vDml()), w.getV(), "flat layout of V changed");
        assertEquals(Arrays2.nd(ref.wU), w.getReadout(), "flat layout of W_U changed");

        INDArray before = net.params().dup();
        net.fit(trainingData());
        assertTrue(Double.isFinite(net.score()) && !before.equals(net.params()), "restored network does not train");
    }

    /**
     * Rewrites the golden files (see the class Javadoc for the command).
     *
     * @param args optional: the module directory (default {@code dl4j-meanode})
     * @throws IOException if the files cannot be written
     */
    public static void main(String[] args) throws IOException {
        regenerateGoldenFiles(Path.of(args.length > 0 ? args[0] : "dl4j-meanode"));
    }

    /** Rewrites both golden files under {@code moduleDir/src/test/resources/golden}. */
    static void regenerateGoldenFiles(Path moduleDir) throws IOException {
        Path dir = moduleDir.resolve(Path.of("src", "test", "resources", "golden"));
        Files.createDirectories(dir);
        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(D_IN).nOut(D_OUT).embeddingDim(D).depth(L).width(M)
                .alpha(ALPHA).updater(new Adam(1e-2)).dataType(DataType.DOUBLE).seed(SEED).build().multiLayerNetwork();
        net.fit(trainingData());
        net.fit(trainingData());
        File zipFile = dir.resolve(ZIP).toFile();
        ModelSerializer.writeModel(net, zipFile, true);

        ReferenceResNet ref = reference(coefficients(Files.readAllBytes(zipFile.toPath())));
        double[][] x = Arrays2.gaussian(63, 5, D_IN);
        double[][] y = ref.forward(x);
        double err = maxRelDiff(net.output(Arrays2.nd(x)), Arrays2.nd(y));
        assertTrue(err < TOL, "not writing " + CSV + ": the network disagrees with the reference by " + err);
        StringBuilder sb = new StringBuilder();
        sb.append("# Outputs of ").append(ZIP).append(" on the probe input x, computed by ReferenceResNet from the\n")
                .append("# weights in its coefficients.bin (not by the plugin). d_in=").append(D_IN).append(" D=").append(D)
                .append(" L=").append(L).append(" M=").append(M).append(" d_out=").append(D_OUT).append(" alpha=")
                .append(ALPHA).append(" tanh seed=").append(SEED).append("; regenerate with GoldenNetworkTest.\n")
                .append("x0,x1,x2,y0,y1\n");
        for (int n = 0; n < x.length; n++) {
            List<String> row = new ArrayList<>();
            for (double v : x[n]) {
                row.add(Double.toString(v));
            }
            for (double v : y[n]) {
                row.add(Double.toString(v));
            }
            sb.append(String.join(",", row)).append('\n');
        }
        Files.writeString(dir.resolve(CSV), sb.toString(), StandardCharsets.UTF_8);
    }

    private static DataSet trainingData() {
        return new DataSet(Arrays2.nd(Arrays2.gaussian(61, 8, D_IN)), Arrays2.nd(Arrays2.gaussian(62, 8, D_OUT)));
    }

    /** @return the flat parameter vector stored in a ModelSerializer zip, read with plain ND4J */
    static double[] coefficients(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals("coefficients.bin")) {
                    return Nd4j.read(new DataInputStream(in)).castTo(DataType.DOUBLE).toDoubleVector();
                }
            }
        }
        throw new IOException("no coefficients.bin in the golden zip");
    }

    /**
     * Slices the flat vector by the layout of release 0.1.0 (every parameter c-order): embedding
     * W [d_in, D] (= W_Eᵀ), stack U [L, D, M], stack V [L, D, M], readout W [D, d_out].
     */
    static ReferenceResNet reference(double[] p) {
        assertEquals(D_IN * D + 2 * L * D * M + D * D_OUT, p.length, "number of stored parameters");
        ReferenceResNet ref = new ReferenceResNet(D_IN, D_OUT, D, L, M, ALPHA, 1.0, 1.0, Act.TANH, 0);
        // The reference's weight arrays are public and mutable: overwrite its random draws.
        int at = 0;
        for (int k = 0; k < D_IN; k++) {
            for (int i = 0; i < D; i++) {
                ref.wE[i][k] = p[at++];
            }
        }
        for (double[][][] w : new double[][][][] {ref.u, ref.v}) {
            for (int l = 0; l < L; l++) {
                for (int i = 0; i < D; i++) {
                    for (int j = 0; j < M; j++) {
                        w[l][i][j] = p[at++];
                    }
                }
            }
        }
        for (int i = 0; i < D; i++) {
            for (int k = 0; k < D_OUT; k++) {
                ref.wU[i][k] = p[at++];
            }
        }
        return ref;
    }

    /** @return {x, y} parsed from the CSV ('#' lines and the header skipped) */
    static double[][][] readCsv(String text) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.toLowerCase(Locale.ROOT).startsWith("x0")) {
                continue;
            }
            String[] f = line.trim().split(",");
            assertEquals(D_IN + D_OUT, f.length, "CSV row: " + line);
            double[] x = new double[D_IN];
            double[] y = new double[D_OUT];
            for (int c = 0; c < f.length; c++) {
                double v = Double.parseDouble(f[c]);
                if (c < D_IN) {
                    x[c] = v;
                } else {
                    y[c - D_IN] = v;
                }
            }
            xs.add(x);
            ys.add(y);
        }
        return new double[][][] {xs.toArray(new double[0][]), ys.toArray(new double[0][])};
    }

    private static double maxRelDiff(INDArray a, INDArray b) {
        assertEquals(List.of(b.shape()[0], b.shape()[1]), List.of(a.shape()[0], a.shape()[1]), "output shape");
        return a.castTo(DataType.DOUBLE).sub(b).amaxNumber().doubleValue() / b.amaxNumber().doubleValue();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenNetworkTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "missing test resource golden/" + name + "; see GoldenNetworkTest's Javadoc");
            return in.readAllBytes();
        }
    }
}
