package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configurations that did not come from a builder (JSON, ModelSerializer zips) are validated
 * when the network is initialised, with the builders' messages; a null activation on a builder
 * names the field instead of throwing a NullPointerException.
 */
class LoadedConfigValidationTest {

    private static String json(boolean limit) {
        MeanOdeResNet.Builder b = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).dataType(DataType.DOUBLE).seed(1);
        return (limit ? b.limit(8, 2, OdeSolver.RK4, NodeScheme.IID) : b.depth(3).width(2)).build()
                .multiLayerConfiguration().toJson();
    }

    private static IllegalArgumentException initFails(String json) {
        MultiLayerConfiguration conf = MultiLayerConfiguration.fromJson(json);
        return assertThrows(IllegalArgumentException.class, () -> new MultiLayerNetwork(conf).init());
    }

    @Test
    void editedJsonFailsAtInitWithTheBuildersMessage() {
        String ok = json(false);
        assertTrue(ok.matches("(?s).*\"depth\"\\s*:\\s*3.*"), ok);
        IllegalArgumentException e = initFails(ok.replaceFirst("\"depth\"\\s*:\\s*3", "\"depth\" : 0"));
        assertEquals("ScaledResidualStack.depth = 0 is invalid: it must be > 0; call .depth(L) with L ≥ 1, the number of"
                + " blocks of the network", e.getMessage());
        e = initFails(ok.replaceFirst("\"alpha\"\\s*:\\s*[0-9.]+", "\"alpha\" : \"NaN\""));
        assertEquals("ScaledResidualStack.alpha = NaN is invalid: it must be finite and > 0; call .alpha(a) with a finite"
                + " a > 0 (default 1)", e.getMessage());
        e = initFails(ok.replaceFirst("\"width\"\\s*:\\s*2", "\"width\" : -5"));
        assertTrue(e.getMessage().startsWith("ScaledResidualStack.width = -5 is invalid"), e.getMessage());

        String limit = json(true);
        e = initFails(limit.replaceFirst("\"nodes\"\\s*:\\s*8", "\"nodes\" : 0"));
        assertTrue(e.getMessage().startsWith("MeanOdeLayer.nodes = 0 is invalid"), e.getMessage());
        e = initFails(limit.replaceFirst("\"sigmaV\"\\s*:\\s*[0-9.E-]+", "\"sigmaV\" : \"Infinity\""));
        assertTrue(e.getMessage().startsWith("MeanOdeLayer.sigmaV = Infinity is invalid"), e.getMessage());
        new MultiLayerNetwork(MultiLayerConfiguration.fromJson(limit)).init(); // the unedited one is fine
    }

    @Test
    void editedModelSerializerZipFailsAtRestore(@TempDir Path dir) throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json(false)));
        net.init();
        Path good = dir.resolve("good.zip");
        ModelSerializer.writeModel(net, good.toFile(), true);
        Path bad = dir.resolve("bad.zip");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(good));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bad))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals("configuration.json")) {
                    bytes = new String(bytes, StandardCharsets.UTF_8).replaceFirst("\"alpha\"\\s*:\\s*[0-9.]+",
                            "\"alpha\" : \"NaN\"").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSerializer.restoreMultiLayerNetwork(bad.toFile(), true));
        assertTrue(e.getMessage().startsWith("ScaledResidualStack.alpha = NaN is invalid"), e.getMessage());
    }

    @Test
    void nullActivationOnABuilderNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanOdeLayer.Builder().embeddingDim(4).nodes(8).steps(2).activation((Activation) null));
        assertTrue(e.getMessage().startsWith("MeanOdeLayer.Builder.activation is null; pass an activation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ScaledResidualStack.Builder().embeddingDim(4).depth(2).width(2).activation((IActivation) null));
        assertTrue(e.getMessage().contains(".activation is null"), e.getMessage());
    }
}
