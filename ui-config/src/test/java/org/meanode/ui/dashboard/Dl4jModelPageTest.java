package org.meanode.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What DL4J's own Model and Overview pages show for the plugin's layers, read from the JSON their
 * charts and tables are drawn from. The plugin controls the layer tables (activation: identity for the
 * linear embedding and readout, not DL4J's default sigmoid) and the parameter names; DL4J's Overview
 * page keeps only parameters whose key ends in "w" in its update:parameter ratio chart, which the
 * plugin cannot change without renaming U and V (that would break saved models): the Model page's
 * per-layer ratio chart lists them all.
 */
class Dl4jModelPageTest {
    private static DashboardServer ui;

    @BeforeAll
    static void train() throws Exception {
        ui = DashboardServer.start(TestRuns.freePort());
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        ui.attach(storage);
        Model net = TestRuns.network(false, true);
        TestRuns.listen(net, storage, "model-page", 2);
        TestRuns.fit(net, TestRuns.data(), 4);
        // DL4J's TrainModule outlives a stopped server and may still point at another test's session; it
        // learns of new sessions from storage events delivered about every 500 ms.
        int status = 0;
        for (int attempt = 0; attempt < 100 && status != 200; attempt++) {
            status = TestRuns.get(ui.baseUrl() + "/train/sessions/set/model-page").statusCode();
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        assertEquals(200, status, "DL4J's TrainModule did not learn of the session within 10 s");
    }

    @AfterAll
    static void stop() throws Exception {
        ui.close();
    }

    private static JsonObject json(String path) throws Exception {
        var r = TestRuns.get(ui.baseUrl() + path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return new JsonObject(r.body());
    }

    private static Map<String, String> layerTable(int vertex) throws Exception {
        Map<String, String> rows = new HashMap<>();
        JsonArray table = json("/train/model/data/" + vertex).getJsonArray("layerInfo");
        for (int i = 0; i < table.size(); i++) {
            rows.put(table.getJsonArray(i).getString(0), table.getJsonArray(i).getString(1));
        }
        return rows;
    }

    @Test
    void layerTablesShowTheActivationEachLayerApplies() throws Exception {
        assertEquals("MeanOdeEmbedding", layerTable(1).get("Layer Type"));
        assertEquals("identity", layerTable(1).get("Activation Function"), "embedding");
        assertEquals("tanh", layerTable(2).get("Activation Function"), "stack");
        assertEquals("MeanOdeReadout", layerTable(3).get("Layer Type"));
        assertEquals("identity", layerTable(3).get("Activation Function"), "readout");
        JsonArray vertices = json("/train/model/graph").getJsonArray("vertexInfo");
        assertEquals("identity", vertices.getJsonObject(1).getString("Activation Function"));
        assertEquals("identity", vertices.getJsonObject(3).getString("Activation Function"));
    }

    @Test
    void modelPageChartsEveryParameterOfTheStack() throws Exception {
        JsonObject data = json("/train/model/data/2");
        JsonObject ratios = data.getJsonObject("meanMag").getJsonObject("ratios");
        assertTrue(ratios.containsKey("U") && ratios.containsKey("V"), ratios.encode());
        assertTrue(ratios.getJsonArray("U").size() > 0, "ratio history of U");
        JsonArray lrs = data.getJsonObject("learningRates").getJsonArray("paramNames");
        assertTrue(lrs.contains("U") && lrs.contains("V"), lrs.encode());
    }

    @Test
    void overviewRatioChartKeepsOnlyKeysEndingInW() throws Exception {
        // DL4J M2.1's TrainModule filters by name; documented in docs/dashboard.md. If this starts to fail,
        // DL4J has fixed it: update the documentation.
        JsonObject ratios = json("/train/overview/data").getJsonObject("updateRatios");
        // Layer 0 is the embedding, 1 the stack, 2 the readout (frozen: their ratio is 0).
        assertTrue(ratios.containsKey("0_W") && ratios.containsKey("2_W"), ratios.encode());
        assertFalse(ratios.containsKey("1_U") || ratios.containsKey("1_V"), ratios.encode());
    }
}
