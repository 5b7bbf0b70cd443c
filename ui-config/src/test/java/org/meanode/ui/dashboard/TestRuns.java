package org.meanode.ui.dashboard;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.network.MeanOdeResNet;
import org.meanode.ode.NodeScheme;
import org.meanode.ode.OdeSolver;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Small training runs with both listeners, free ports and HTTP GETs for the dashboard tests. */
final class TestRuns {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestRuns() {
    }

    /** @return a port free at the time of the call */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @return {status, body} of a GET */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param graph ComputationGraph (else MultiLayerNetwork)
     * @param fused one ScaledResidualStack (else L blocks)
     * @return a small float32 MeanOdeResNet: d_in = 4, d_out = 2, D = 8, L = 6, M = 5
     */
    static Model network(boolean graph, boolean fused) {
        MeanOdeResNet spec = MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(8).depth(6).width(5).learningRate(0.5)
                .fused(fused).dataType(DataType.FLOAT).seed(3).build();
        return graph ? spec.computationGraph() : spec.multiLayerNetwork();
    }

    /** @return the Neural Mean ODE limit with the same sizes: MeanOdeLayer, RK4, S = 3 steps, P = 5 nodes */
    static Model limitNetwork() {
        return MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(8).limit(5, 3, OdeSolver.RK4, NodeScheme.IID)
                .learningRate(0.5).dataType(DataType.FLOAT).seed(3).build().multiLayerNetwork();
    }

    /** @return a fixed synthetic regression batch of 16 examples */
    static DataSet data() {
        Nd4j.getRandom().setSeed(12);
        return new DataSet(Nd4j.randn(DataType.FLOAT, 16, 4), Nd4j.randn(DataType.FLOAT, 16, 2));
    }

    /**
     * Adds DL4J's StatsListener and a FeatureMovementListener, both writing session {@code session}.
     *
     * @return the movement listener
     */
    static FeatureMovementListener listen(Model net, StatsStorageRouter router, String session, int frequency) {
        FeatureMovementListener fm = FeatureMovementListener.builder(router).sessionId(session).workerId("w0")
                .frequency(frequency).build();
        net.setListeners(new StatsListener(router, 1, session), fm);
        return fm;
    }

    static void fit(Model net, DataSet ds, int steps) {
        for (int k = 0; k < steps; k++) {
            if (net instanceof ComputationGraph g) {
                g.fit(ds);
            } else {
                ((MultiLayerNetwork) net).fit(ds);
            }
        }
    }
}
