package org.meanode.examples.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.meanode.examples.search.TeacherTask;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.network.MeanOdeResNet;
import org.meanode.spark.MeanOdeTrainingMasters;
import org.meanode.ui.dashboard.DashboardServer;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark training run (local[2], parameter averaging) followed in the dashboard: DL4J's Spark
 * stats routing carries the workers' StatsListener and FeatureMovementListener records to the
 * driver's storage, which a real DL4J UI server with the Mean ODE module serves over HTTP — the
 * Mean ODE page's JSON and DL4J's overview, for a MultiLayerNetwork and a ComputationGraph.
 */
class SparkMonitorTest {
    private static final Logger log = LoggerFactory.getLogger(SparkMonitorTest.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonObject json(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return new JsonObject(r.body());
    }

    @Test
    void dashboardFollowsASparkRun() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        TeacherTask task = TeacherTask.generate(4, 1, 256, 16, 0.05, 3);
        List<DataSet> shards = SparkTrainCommand.shards(task.train(), 32);
        JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("monitor-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
        try (DashboardServer ui = DashboardServer.start(port)) {
            ui.attach(storage);
            MeanOdeResNet spec = MeanOdeResNet.builder().nIn(4).nOut(1).embeddingDim(8).depth(4).width(4).learningRate(0.5)
                    .seed(9).build();
            for (boolean graph : new boolean[] {false, true}) {
                String session = graph ? "spark-graph" : "spark-mln";
                List<TrainingListener> listeners = new ArrayList<>();
                listeners.add(new StatsListener(null, 1, session));
                listeners.add(FeatureMovementListener.builderForSpark().sessionId(session).frequency(1).build());
                var tm = MeanOdeTrainingMasters.parameterAveraging().workers(2).batchPerWorker(32).build();
                var rdd = sc.parallelize(shards, 2);
                if (graph) {
                    SparkComputationGraph s = new SparkComputationGraph(sc, spec.computationGraph(), tm);
                    s.setListeners(storage, listeners);
                    s.fit(rdd);
                    s.fit(rdd);
                } else {
                    SparkDl4jMultiLayer s = new SparkDl4jMultiLayer(sc, spec.multiLayerNetwork(), tm);
                    s.setListeners(storage, listeners);
                    s.fit(rdd);
                    s.fit(rdd);
                }
            }
            String base = ui.baseUrl();
            Set<String> ids = new TreeSet<>();
            json(base + "/meanode/api/sessions").getJsonArray("sessions").forEach(o -> ids.add(((JsonObject) o).getString("id")));
            assertTrue(ids.containsAll(List.of("spark-mln", "spark-graph")), ids.toString());
            for (String session : List.of("spark-mln", "spark-graph")) {
                List<String> workers = storage.listWorkerIDsForSessionAndType(session, FeatureMovementListener.TYPE_ID);
                assertEquals(2, workers.size(), "one worker ID per Spark partition: " + workers);
                JsonObject m = json(base + "/meanode/api/session/" + session + "?worker=" + workers.get(0));
                JsonArray ups = m.getJsonArray("updates");
                log.info("{}: workers {}, {} movement records of the first", session, workers, ups.size());
                // 8 shards, 2 workers, averaging every step: 4 rounds per epoch, 2 epochs -> 8 iterations per worker.
                // Their iteration numbers are not asserted: runs of this test saw 0..7 and eight 0s (the workers'
                // iteration counter is not reliably carried between rounds); timestamps order the records.
                assertEquals(8, ups.size(), "one record per iteration of this worker: " + ups);
                List<Long> iterations = new ArrayList<>();
                for (int i = 0; i < ups.size(); i++) {
                    iterations.add(ups.getJsonObject(i).getLong("iteration"));
                }
                log.info("{}: iterations of worker {} in record order: {}", session, workers.get(0), iterations);
                for (int i = 1; i < ups.size(); i++) {
                    assertTrue(ups.getJsonObject(i).getLong("t") > ups.getJsonObject(i - 1).getLong("t"), "time-ordered");
                }
                assertEquals(4, m.getJsonObject("info").getInteger("depth"));
                assertTrue(m.getBoolean("hasStats"), "the StatsListener's records reach the same session");
                for (int i = 0; i < ups.size(); i++) {
                    assertTrue(Double.isFinite(ups.getJsonObject(i).getDouble("loss")));
                }
                assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/train/sessions/set/" + session)).GET()
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                JsonObject overview = json(base + "/train/overview/data");
                assertTrue(overview.getJsonArray("scores").size() >= 4, "DL4J overview scores: " + overview);
            }
        } finally {
            sc.stop();
        }
    }
}
