package org.meanode.examples.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.arbiter.optimize.api.termination.MaxCandidatesCondition;
import org.deeplearning4j.arbiter.optimize.config.OptimizationConfiguration;
import org.deeplearning4j.arbiter.optimize.generator.RandomSearchGenerator;
import org.deeplearning4j.arbiter.optimize.runner.IOptimizationRunner;
import org.deeplearning4j.arbiter.optimize.runner.LocalOptimizationRunner;
import org.deeplearning4j.arbiter.saver.local.FileModelSaver;
import org.deeplearning4j.arbiter.scoring.impl.RegressionScoreFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanode.arbiter.CandidateRecord;
import org.meanode.arbiter.MeanOdeResNetSpace;
import org.meanode.arbiter.MeanOdeTaskCreator;
import org.nd4j.evaluation.regression.RegressionEvaluation;

/**
 * arbiter-ui 1.0.0-beta7 in the DL4J 1.0.0-M2.1 UI server: the server finds Arbiter's module,
 * a small search reports to it through {@link SearchUi}, and its page and JSON endpoints
 * (results, summary, configuration, candidate) answer with the search's candidates and scores
 * (HTTP, on a free port). The configuration and candidate pages need the space to be a
 * BaseNetworkSpace and the data provider to read back from JSON: both are checked here.
 */
class SearchUiTest {

    // Arbiter deprecates DataProvider in favour of DataSource classes built from Properties (for
    // distributed runs); the in-memory teacher task is what a DataProvider is for.
    @SuppressWarnings("deprecation")
    @Test
    void arbiterPagesServeALiveSearch(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        MeanOdeResNetSpace space = MeanOdeResNetSpace.builder().nIn(4).nOut(1).embeddingDim(4).depth(2, 4).width(1, 2)
                .learningRate(0.1, 1).numEpochs(5).build();
        List<CandidateRecord> records = Collections.synchronizedList(new ArrayList<>());
        OptimizationConfiguration conf = new OptimizationConfiguration.Builder()
                .candidateGenerator(new RandomSearchGenerator(space, null))
                .dataProvider(TeacherTask.generate(4, 1, 16, 8, 0.05, 1).provider())
                .scoreFunction(new RegressionScoreFunction(RegressionEvaluation.Metric.MSE))
                .modelSaver(new FileModelSaver(dir.resolve("models").toFile()))
                .terminationConditions(new MaxCandidatesCondition(3)).build();
        IOptimizationRunner runner = new LocalOptimizationRunner(conf, new MeanOdeTaskCreator(records::add, Map.of()));
        try (SearchUi ui = SearchUi.start(port, dir)) {
            ui.listenTo(runner);
            runner.execute();
            assertEquals(3, records.size());
            Thread.sleep(1500); // the server polls its storages about every 500 ms
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://localhost:" + ui.port();
            HttpResponse<String> page = get(http, base + "/arbiter");
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().toLowerCase().contains("arbiter"), "Arbiter's page: " + page.body().substring(0, 200));
            String results = ok(http, base + "/arbiter/results");
            for (CandidateRecord r : records) {
                assertTrue(results.contains("\"" + r.index() + "\", \"" + r.score()), "row of candidate " + r.index() + ": " + results);
            }
            assertTrue(ok(http, base + "/arbiter/summary").contains("\"Models Completed\", \"3\""));
            String config = ok(http, base + "/arbiter/config");
            assertTrue(config.contains("LogIntegerSpace(2, 4)") && config.contains("TeacherTask"), config);
            String candidate = ok(http, base + "/arbiter/candidateInfo/0");
            assertTrue(candidate.contains("\"Model Score\""), candidate);
        }
    }

    private static String ok(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = get(http, url);
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
