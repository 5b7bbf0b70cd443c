package com.example.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.network.MeanOdeResNet;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A project that adds the dashboard module: with the jar on the classpath, DL4J's own UI server
 * (UIServer.getInstance(), nothing else registered by hand) serves the Mean ODE page, and the
 * listener's records of a training run reach it.
 */
class DashboardConsumerTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void stop() throws Exception {
        UIServer.stopInstance();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void meanOdePageIsRegisteredAndShowsTheRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        System.setProperty("org.deeplearning4j.ui.port", Integer.toString(port)); // a free port: tests run in parallel

        MultiLayerNetwork net = MeanOdeResNet.builder().nIn(4).nOut(2).embeddingDim(8).depth(6).width(4)
                .learningRate(1.0).seed(7).build().multiLayerNetwork();
        StatsStorage storage = new InMemoryStatsStorage();
        String session = "consumer-run";
        net.setListeners(new StatsListener(storage, 1, session),
                FeatureMovementListener.builder(storage).sessionId(session).frequency(2).build());
        UIServer ui = UIServer.getInstance();
        ui.attach(storage);
        DataSet data = new DataSet(Nd4j.randn(1L, new long[] {16, 4}).castTo(net.params().dataType()),
                Nd4j.randn(2L, new long[] {16, 2}).castTo(net.params().dataType()));
        for (int i = 0; i < 6; i++) {
            net.fit(data);
        }

        String base = "http://localhost:" + ui.getPort();
        HttpResponse<String> page = get(base + "/train/meanode");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("/assets/meanode/meanode.js"), "the Mean ODE page, not a 404 page");
        HttpResponse<String> sessions = get(base + "/meanode/api/sessions");
        assertEquals(200, sessions.statusCode());
        assertTrue(sessions.body().contains(session), sessions.body());
        HttpResponse<String> run = get(base + "/meanode/api/session/" + session);
        assertEquals(200, run.statusCode(), run.body());
        assertTrue(run.body().contains("\"updates\""), run.body());
        assertEquals(200, get(base + "/train/overview").statusCode(), "DL4J's own pages keep working");
    }
}
