package org.meanode.ui.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The Mean ODE page as a person sees it, in headless Chromium: before any record it explains
 * what to do; once a training run (MultiLayerNetwork with the fused stack, both listeners)
 * writes to a storage attached to the server, its five charts fill with the run's records and
 * keep growing while training continues; the canvases are not blank; a second session (a
 * ComputationGraph of separate blocks) appears in the session selector and switches the page;
 * DL4J's Overview page links to it. Screenshots: target/meanode-dashboard.png,
 * target/meanode-second-session.png, target/dl4j-overview-sidebar.png.
 * Without chromium/chromedriver: fails in CI, skipped locally (see {@link HeadlessChromium}).
 */
class MeanOdePageBrowserTest {
    private static final String[] CHARTS = {"lossChart", "uHeatmap", "vHeatmap", "hiddenChart", "timeChart"};

    @Test
    void chartsFillAndGrowWhileTraining() throws Exception {
        ChromeDriver browser = HeadlessChromium.start();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger steps = new AtomicInteger();
        Thread trainer = null;
        try (DashboardServer ui = DashboardServer.start(TestRuns.freePort())) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get(ui.baseUrl() + "/train/meanode?refresh=400");
            wait.until(d -> d.findElement(By.id("empty")).isDisplayed());
            assertTrue(browser.findElement(By.id("empty")).getText().contains("No Mean ODE records yet"));

            InMemoryStatsStorage storage = new InMemoryStatsStorage();
            ui.attach(storage);
            Model net = TestRuns.network(false, true);
            TestRuns.listen(net, storage, "browser-run", 2);
            DataSet ds = TestRuns.data();
            trainer = new Thread(() -> {
                while (!stop.get()) {
                    TestRuns.fit(net, ds, 1);
                    steps.incrementAndGet();
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "training");
            trainer.start();

            // A snapshot is taken in one script call once every chart shows the same number of
            // records (the page redraws its charts one after another).
            wait.until(d -> consistent(counts(browser)) && records(browser, "lossChart") >= 3);
            Map<String, Integer> first = counts(browser);
            for (String c : CHARTS) {
                assertTrue(first.get(c) >= 1, c + " holds records: " + first);
                assertTrue(attr(browser, c, "data-points") > 0, c + " plots values");
                assertTrue(inkedPixels(browser, c) > 300, c + " is drawn, not blank");
            }
            assertTrue(!browser.findElement(By.id("error")).isDisplayed(), browser.findElement(By.id("error")).getText());
            String table = browser.findElement(By.id("runTable")).getText();
            assertTrue(table.contains("COMPLETE") && table.contains("6, 5, 8") && table.contains("browser-run"), table);

            int most = first.values().stream().max(Integer::compare).orElseThrow();
            try {
                wait.until(d -> counts(browser).values().stream().allMatch(n -> n >= most + 3));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError("every chart must grow while training continues: " + first + " -> "
                        + counts(browser), e);
            }
            Map<String, Integer> later = counts(browser);
            for (String c : CHARTS) {
                assertTrue(later.get(c) > first.get(c), c + " grows while training continues: " + first + " -> " + later);
            }
            assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.meanode.lastError;"));
            assertTrue(browser.findElement(By.id("status")).getText().contains("live"));
            save(browser, "meanode-dashboard.png");

            stop.set(true);
            trainer.join(10_000);

            // A second session in the same storage: the selector lists both and switches the page.
            Model second = TestRuns.network(true, false);
            TestRuns.listen(second, storage, "second-run", 1);
            TestRuns.fit(second, ds, 4);
            wait.until(d -> new Select(d.findElement(By.id("sessionSelect"))).getOptions().size() == 2);
            new Select(browser.findElement(By.id("sessionSelect"))).selectByValue("second-run");
            wait.until(d -> d.findElement(By.id("runTable")).getText().contains("ComputationGraph"));
            wait.until(d -> records(browser, "lossChart") == 4);
            assertTrue(browser.findElement(By.id("runTable")).getText().contains("second-run"));
            assertEquals(6, attr(browser, "uHeatmap", "data-points") / 4, "6 blocks x 4 records");
            save(browser, "meanode-second-session.png");
            new Select(browser.findElement(By.id("sessionSelect"))).selectByValue("browser-run");
            wait.until(d -> records(browser, "lossChart") >= later.get("lossChart"));

            browser.get(ui.baseUrl() + "/train/overview");
            WebElement link = wait.until(d -> d.findElement(By.id("meanode-nav")));
            assertEquals("Mean ODE", link.getText().trim());
            save(browser, "dl4j-overview-sidebar.png");
            link.click();
            wait.until(d -> d.getCurrentUrl().endsWith("/train/meanode"));
            wait.until(d -> records(browser, "lossChart") >= later.get("lossChart"));
        } finally {
            stop.set(true);
            if (trainer != null) {
                trainer.join(10_000);
            }
            browser.quit();
        }
    }

    private static int attr(ChromeDriver b, String id, String name) {
        String v = b.findElement(By.id(id)).getAttribute(name);
        return v == null ? -1 : Integer.parseInt(v);
    }

    private static int records(ChromeDriver b, String id) {
        return attr(b, id, "data-records");
    }

    /** @return each chart's data-records, read in one script call (one rendering state) */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> counts(ChromeDriver b) {
        List<Object> values = (List<Object>) ((JavascriptExecutor) b).executeScript(
                "return arguments[0].map(function (id) { var v = document.getElementById(id).getAttribute('data-records');"
                        + " return v === null ? -1 : parseInt(v, 10); });", java.util.Arrays.asList(CHARTS));
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < CHARTS.length; i++) {
            m.put(CHARTS[i], ((Number) values.get(i)).intValue());
        }
        return m;
    }

    private static boolean consistent(Map<String, Integer> counts) {
        return counts.values().stream().distinct().count() == 1;
    }

    /** @return pixels of the canvas that are neither transparent nor white */
    private static long inkedPixels(ChromeDriver b, String id) {
        Object n = ((JavascriptExecutor) b).executeScript(
                "var c = document.getElementById(arguments[0]); var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + " var k = 0; for (var i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) k++; }"
                        + " return k;", id);
        return ((Number) n).longValue();
    }

    private static void save(ChromeDriver b, String name) throws Exception {
        Path png = b.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
