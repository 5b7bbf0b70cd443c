package org.meanode.network;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.junit.jupiter.api.Test;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;

/**
 * Building a network logs nothing the plugin causes: DL4J's "InputType - Assigning a size of
 * zero" warning (from a LossLayer left at size 0) is gone, while a real warning still reaches the
 * log (the control: DL4J's own zero-size input type).
 */
class BuildNoiseTest {

    private static String stderrOf(Runnable r) {
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

    @Test
    void buildingNetworksLogsNoZeroSizeWarning() {
        String log = stderrOf(() -> {
            MeanOdeResNet fused = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(2).seed(1).build();
            fused.multiLayerNetwork();
            fused.computationGraph();
            MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(2).fused(false).build().multiLayerNetwork();
            MeanOdeResNet limit = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4)
                    .limit(8, 2, OdeSolver.RK4, NodeScheme.IID).build();
            limit.computationGraph();
            limit.multiLayerNetwork();
            MeanOdeResNet fresh = MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).dataType(DataType.DOUBLE)
                    .limit(2, 3, OdeSolver.EULER, NodeScheme.IID, true).build();
            fresh.multiLayerNetwork();
            fresh.computationGraph();
            MeanOdeResNet.builder().nIn(3).nOut(2).embeddingDim(4).depth(3).width(1).build().multiLayerNetwork();
            ReducedLimit reduced = ReducedLimit.of(fused, 8, 2, OdeSolver.RK4, NodeScheme.IID);
            reduced.multiLayerNetwork();
            reduced.computationGraph();
        });
        assertFalse(log.contains("Assigning a size of zero"), log);

        String control = stderrOf(() -> InputType.feedForward(0));
        assertTrue(control.contains("Assigning a size of zero"), "the log capture must see DL4J's warning: " + control);
    }
}
