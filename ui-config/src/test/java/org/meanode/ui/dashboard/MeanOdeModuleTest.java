package org.meanode.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.impl.RemoteUIStatsStorageRouter;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meanode.monitor.FeatureMovementListener;
import org.meanode.monitor.MovementUpdate;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The Mean ODE module inside a real DL4J UI server (single-session mode), over HTTP: its JSON
 * endpoints serve the records of three sessions (a MultiLayerNetwork with the fused stack, a
 * ComputationGraph with separate blocks, the Neural Mean ODE limit layer) and of a fourth one
 * posted by a RemoteUIStatsStorageRouter;
 * its page and assets are served; DL4J's own pages show the Mean ODE link in their sidebar, and
 * their JSON endpoints (overview, model graph, per-layer model data, system) keep working for
 * these networks.
 */
class MeanOdeModuleTest {
    private static DashboardServer ui;
    private static String base;
    private static final InMemoryStatsStorage STORAGE = new InMemoryStatsStorage();
    private static FeatureMovementListener mlnListener;

    @BeforeAll
    static void startAndTrain() throws Exception {
        ui = DashboardServer.start(TestRuns.freePort());
        base = ui.baseUrl();
        ui.attach(STORAGE);
        DataSet ds = TestRuns.data();
        Model mln = TestRuns.network(false, true);
        mlnListener = TestRuns.listen(mln, STORAGE, "mln-stack", 2);
        TestRuns.fit(mln, ds, 9);
        Model graph = TestRuns.network(true, false);
        TestRuns.listen(graph, STORAGE, "graph-blocks", 3);
        TestRuns.fit(graph, ds, 7);
        Model limit = TestRuns.limitNetwork();
        TestRuns.listen(limit, STORAGE, "limit-rk4", 2);
        TestRuns.fit(limit, ds, 5);
    }

    @AfterAll
    static void stop() throws Exception {
        ui.close();
    }

    private static JsonObject json(String path, int status) throws Exception {
        HttpResponse<String> r = TestRuns.get(base + path);
        assertEquals(status, r.statusCode(), path + ": " + r.body());
        return new JsonObject(r.body());
    }

    @Test
    void sessionsAndTheirRecords() throws Exception {
        JsonObject s = json("/meanode/api/sessions", 200);
        List<String> ids = new ArrayList<>();
        s.getJsonArray("sessions").forEach(o -> ids.add(((JsonObject) o).getString("id")));
        assertTrue(ids.containsAll(List.of("mln-stack", "graph-blocks", "limit-rk4")), ids.toString());

        JsonObject m = json("/meanode/api/session/mln-stack", 200);
        JsonArray ups = m.getJsonArray("updates");
        assertEquals(5, ups.size(), "iterations 0, 2, 4, 6, 8");
        assertEquals(mlnListener.getRecordCount(), ups.size());
        assertEquals(8, ups.getJsonObject(4).getLong("iteration"));
        assertEquals(6, ups.getJsonObject(0).getJsonArray("u").size(), "one U movement per block");
        assertEquals(7, ups.getJsonObject(0).getJsonArray("h").size(), "hidden states at s = 0, 1/6, ..., 1");
        JsonObject info = m.getJsonObject("info");
        assertEquals(6, info.getInteger("depth"));
        assertEquals(5, info.getInteger("width"));
        assertEquals(8, info.getInteger("embeddingDim"));
        assertEquals("COMPLETE", info.getString("regime"));
        assertEquals("MultiLayerNetwork", info.getString("modelClass"));
        assertTrue(m.getBoolean("hasStats"), "the StatsListener writes the same session");
        Persistable first = STORAGE.getAllUpdatesAfter("mln-stack", FeatureMovementListener.TYPE_ID, "w0", 0).stream()
                .min(java.util.Comparator.comparingLong(Persistable::getTimeStamp)).orElseThrow();
        assertEquals(((MovementUpdate) first).getLoss(), ups.getJsonObject(0).getDouble("loss"), 1e-9 * Math.abs(
                ((MovementUpdate) first).getLoss()), "the JSON carries the stored values");

        long since = ups.getJsonObject(2).getLong("t");
        assertEquals(2, json("/meanode/api/session/mln-stack?since=" + since, 200).getJsonArray("updates").size(),
                "only records after ?since");

        JsonObject g = json("/meanode/api/session/graph-blocks", 200);
        assertEquals(3, g.getJsonArray("updates").size(), "iterations 0, 3, 6");
        assertEquals(6, g.getJsonObject("info").getJsonArray("layers").size(), "six ScaledResidualBlock layers");
        assertEquals("ComputationGraph", g.getJsonObject("info").getString("modelClass"));

        JsonObject lim = json("/meanode/api/session/limit-rk4", 200);
        assertEquals("LIMIT", lim.getJsonObject("info").getString("kind"));
        assertEquals(3, lim.getJsonObject("info").getInteger("depth"), "S");
        assertEquals(3, lim.getJsonArray("updates").size(), "iterations 0, 2, 4");
        assertEquals(12, lim.getJsonArray("updates").getJsonObject(0).getJsonArray("u").size(), "S x 4 RK4 stages");
        assertEquals(4, lim.getJsonArray("updates").getJsonObject(0).getJsonArray("h").size(), "S + 1 grid points");
        assertEquals(null, lim.getJsonObject("info").getValue("predictedDistance"));
    }

    @Test
    void errorsAreExplainedNotBlank() throws Exception {
        JsonObject e = json("/meanode/api/session/nope", 404);
        assertTrue(e.getString("error").contains("no Mean ODE session 'nope'") && e.getString("error").contains("mln-stack"),
                e.getString("error"));
        assertTrue(json("/meanode/api/session/mln-stack?since=x", 400).getString("error").contains("since = 'x'"));
        assertTrue(json("/meanode/api/session/mln-stack?worker=zz", 404).getString("error").contains("no worker 'zz'"));
        HttpResponse<String> r = TestRuns.get(base + "/train/meanode?refresh=5");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("refresh = 5 ms is out of range"), r.body());
    }

    @Test
    void pageAndAssetsAreServedFromTheJar() throws Exception {
        for (String path : new String[] {"/train/meanode", "/meanode", "/train/meanode?session=graph-blocks&refresh=750"}) {
            HttpResponse<String> r = TestRuns.get(base + path);
            assertEquals(200, r.statusCode(), path);
            assertTrue(r.body().contains("/assets/meanode/meanode.js") && r.body().contains("id=\"lossChart\""), path);
            assertTrue(!r.body().contains("http://") && !r.body().contains("https://"), "nothing loaded from outside: " + path);
        }
        assertTrue(TestRuns.get(base + "/train/meanode?refresh=750").body().contains("\"refreshMillis\":750"));
        for (String asset : new String[] {"meanode.js", "charts.js", "meanode.css"}) {
            HttpResponse<String> r = TestRuns.get(base + "/assets/meanode/" + asset);
            assertEquals(200, r.statusCode(), asset);
            assertTrue(r.body().length() > 500, asset);
        }
    }

    @Test
    void dl4jPagesLinkToTheMeanOdePageAndKeepWorking() throws Exception {
        assertEquals(200, TestRuns.get(base + "/train/sessions/set/mln-stack").statusCode());
        for (String page : new String[] {"overview", "model", "system"}) {
            HttpResponse<String> r = TestRuns.get(base + "/train/" + page);
            assertEquals(200, r.statusCode(), page);
            assertTrue(r.body().contains("<a class=\"nav-link\" href=\"meanode\" id=\"meanode-nav\">"), page + " sidebar link");
            assertTrue(r.body().contains("System</a></li>"), page + " keeps its System item");
        }
        JsonObject overview = json("/train/overview/data", 200);
        assertTrue(overview.getJsonArray("scores").size() >= 9, "StatsListener scores: " + overview.getJsonArray("scores"));
        JsonObject graph = json("/train/model/graph", 200);
        assertTrue(graph.getJsonArray("vertexTypes").encode().contains("ScaledResidualStack"), graph.encode());
        modelDataOfEveryVertex(graph);
        assertEquals(200, TestRuns.get(base + "/train/system/data").statusCode());

        assertEquals(200, TestRuns.get(base + "/train/sessions/set/graph-blocks").statusCode());
        JsonObject blocks = json("/train/model/graph", 200);
        assertTrue(blocks.getJsonArray("vertexNames").encode().contains("block5"), "graph of the unfused network: " + blocks);
        modelDataOfEveryVertex(blocks);
        assertTrue(json("/train/overview/data", 200).getJsonArray("scores").size() >= 7);

        assertEquals(200, TestRuns.get(base + "/train/sessions/set/limit-rk4").statusCode());
        JsonObject lim = json("/train/model/graph", 200);
        assertTrue(lim.getJsonArray("vertexTypes").encode().contains("\"MeanOde\"")
                && lim.getJsonArray("vertexNames").encode().contains("limit"), lim.encode());
        modelDataOfEveryVertex(lim);
    }

    /** The model page asks /train/model/data/{vertex index} when a layer is clicked. */
    private static void modelDataOfEveryVertex(JsonObject graph) throws Exception {
        int n = graph.getJsonArray("vertexNames").size();
        assertTrue(n >= 4, graph.encode());
        for (int v = 0; v < n; v++) {
            HttpResponse<String> r = TestRuns.get(base + "/train/model/data/" + v);
            assertEquals(200, r.statusCode(), "model data of vertex " + v + " (" + graph.getJsonArray("vertexNames").getString(v)
                    + "): " + r.body());
            new JsonObject(r.body());
        }
    }

    @Test
    void remoteRouterPostsToTheServer() throws Exception {
        ui.enableRemoteListener();
        RemoteUIStatsStorageRouter remote = new RemoteUIStatsStorageRouter(base);
        InMemoryStatsStorage local = new InMemoryStatsStorage();
        Model net = TestRuns.network(false, true);
        FeatureMovementListener viaHttp = FeatureMovementListener.builder(remote).sessionId("remote").workerId("w0")
                .frequency(1).build();
        FeatureMovementListener direct = FeatureMovementListener.builder(local).sessionId("remote").workerId("w0")
                .frequency(1).build();
        net.setListeners(viaHttp, direct);
        TestRuns.fit(net, TestRuns.data(), 5);
        JsonArray ups = null;
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = TestRuns.get(base + "/meanode/api/session/remote");
            if (r.statusCode() == 200 && (ups = new JsonObject(r.body()).getJsonArray("updates")).size() == 5) {
                break;
            }
            Thread.sleep(200);
        }
        remote.shutdown();
        assertTrue(ups != null && ups.size() == 5, "5 records posted to /remoteReceive arrived: " + ups);
        List<Persistable> want = new ArrayList<>(local.getAllUpdatesAfter("remote", FeatureMovementListener.TYPE_ID, "w0", 0));
        want.sort(java.util.Comparator.comparingLong(Persistable::getTimeStamp));
        for (int i = 0; i < 5; i++) {
            MovementUpdate w = (MovementUpdate) want.get(i);
            JsonObject got = ups.getJsonObject(i);
            assertEquals(w.getIteration(), got.getLong("iteration"));
            assertEquals(w.getLoss(), got.getDouble("loss"), 1e-9 * Math.abs(w.getLoss()));
            assertEquals(w.getHiddenMovement()[6], got.getJsonArray("h").getDouble(6), 1e-9 * w.getHiddenMovement()[6] + 1e-300);
        }
    }
}
