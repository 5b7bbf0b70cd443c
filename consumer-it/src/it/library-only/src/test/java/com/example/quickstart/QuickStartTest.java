package com.example.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A project that depends on dl4j-meanode alone trains, saves and restores a network, without Arbiter or the UI. */
class QuickStartTest {
    @TempDir
    Path dir;

    @Test
    void trainsSavesAndRestores() throws Exception {
        MultiLayerNetwork[] nets = QuickStart.trainSaveRestore(dir.resolve("net.zip").toFile());
        MultiLayerNetwork trained = nets[0];
        MultiLayerNetwork restored = nets[1];
        assertTrue(new File(dir.toFile(), "net.zip").length() > 0);
        assertEquals(trained.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(trained.params(), restored.params());
        INDArray x = Nd4j.randn(7L, new long[] {3, 5}).castTo(trained.params().dataType());
        assertEquals(trained.output(x), restored.output(x));
        assertTrue(trained.score() < 10, "training ran: score " + trained.score());
    }

    @Test
    void neitherArbiterNorTheUiIsOnTheClasspath() {
        for (String cls : new String[] {
                "org.deeplearning4j.arbiter.MultiLayerSpace",                 // arbiter-deeplearning4j
                "org.deeplearning4j.arbiter.optimize.api.ParameterSpace",    // arbiter-core
                "org.deeplearning4j.ui.api.UIServer",                        // deeplearning4j-ui / -vertx
                "org.deeplearning4j.ui.model.stats.StatsListener",           // deeplearning4j-ui-model
                "org.meanode.ui.dashboard.MeanOdeModule"}) {                 // the dashboard module
            assertThrows(ClassNotFoundException.class, () -> Class.forName(cls), cls + " must not be on the classpath");
        }
    }
}
