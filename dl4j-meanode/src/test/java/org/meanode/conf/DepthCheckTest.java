package org.meanode.conf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Blocks told the wrong depth are reported at the network's first forward pass, naming the layer
 * and the L it should carry, also after JSON and ModelSerializer round trips; a network whose
 * blocks carry the right L (the control) logs nothing.
 */
class DepthCheckTest {

    private static MultiLayerConfiguration blocks(int count, int declaredDepth) {
        NeuralNetConfiguration.ListBuilder lb = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).list()
                .layer(new MeanOdeEmbedding.Builder().nIn(3).nOut(4).build());
        for (int i = 0; i < count; i++) {
            lb.layer(new ScaledResidualBlock.Builder().embeddingDim(4).depth(declaredDepth).width(2).name("b" + i).build());
        }
        LossLayer loss = new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build();
        return lb.layer(new MeanOdeReadout.Builder().nIn(4).nOut(2).build()).layer(loss)
                .setInputType(InputType.feedForward(3)).build();
    }

    private static String stderrOf(ThrowingRunnable r) throws Exception {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void wrongDepthIsReportedNamingLayerAndL(@TempDir Path dir) throws Exception {
        MultiLayerNetwork wrong = new MultiLayerNetwork(blocks(3, 4));
        wrong.init();
        String log = stderrOf(() -> {
            wrong.output(Nd4j.rand(DataType.DOUBLE, 5, 3));
            wrong.output(Nd4j.rand(DataType.DOUBLE, 5, 3));
        });
        assertTrue(log.contains("ScaledResidualBlock (layer 1, 'b0') carries depth L = 4 but its network holds 3 residual"
                + " block(s)") && log.contains("build it with .depth(3)"), log);
        assertTrue(log.contains("(layer 3, 'b2')"), log);
        assertTrue(log.indexOf("'b0'") == log.lastIndexOf("'b0'"), "once per network: " + log);

        File zip = dir.resolve("wrong.zip").toFile();
        ModelSerializer.writeModel(wrong, zip, false);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(zip, false);
        String restoredLog = stderrOf(() -> restored.output(Nd4j.rand(DataType.DOUBLE, 5, 3)));
        assertTrue(restoredLog.contains("build it with .depth(3)"), restoredLog);

        MultiLayerNetwork fromJson = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(blocks(3, 4).toJson()));
        fromJson.init();
        assertTrue(stderrOf(() -> fromJson.fit(Nd4j.rand(DataType.DOUBLE, 5, 3), Nd4j.rand(DataType.DOUBLE, 5, 2)))
                .contains("carries depth L = 4"));
    }

    @Test
    void rightDepthLogsNothing() throws Exception {
        MultiLayerNetwork right = new MultiLayerNetwork(blocks(3, 3));
        right.init();
        String log = stderrOf(() -> right.output(Nd4j.rand(DataType.DOUBLE, 5, 3)));
        assertFalse(log.contains("carries depth"), log);
        MultiLayerNetwork built = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(5).width(2).fused(false)
                .build().multiLayerNetwork();
        assertFalse(stderrOf(() -> built.output(Nd4j.rand(5, 3))).contains("carries depth"));
    }
}
