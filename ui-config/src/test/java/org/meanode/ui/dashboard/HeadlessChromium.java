package org.meanode.ui.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromium-driver for the browser tests, driven by Selenium with the
 * binaries given explicitly (Selenium Manager, which would download drivers, is never used).
 *
 * <p>Where the binaries are: system properties {@code meanode.chromium} and
 * {@code meanode.chromedriver}, else {@code chromium} / {@code chromedriver} on the PATH.
 * When they are missing: in CI (environment variable CI set, as .ci/run runs) or with
 * {@code -Dmeanode.browserTests=required} the test FAILS, naming the install command; in a local
 * run it is reported as skipped with the same message.
 */
final class HeadlessChromium {
    static final String INSTALL = "apt-get update && apt-get install -y chromium chromium-driver";

    private HeadlessChromium() {
    }

    /** @return a headless Chromium session; the caller quits it */
    static ChromeDriver start() {
        File chromium = find("meanode.chromium", List.of("chromium", "chromium-browser"));
        File driver = find("meanode.chromedriver", List.of("chromedriver"));
        if (chromium == null || driver == null) {
            String msg = "headless browser test needs Debian's chromium and chromium-driver: "
                    + (chromium == null ? "chromium" : "chromedriver") + " not found (PATH, or -Dmeanode.chromium / "
                    + "-Dmeanode.chromedriver); install them with: " + INSTALL;
            boolean required = System.getenv("CI") != null || "required".equals(System.getProperty("meanode.browserTests"));
            if (required) {
                Assertions.fail(msg + " (.ci/run does this)");
            }
            Assumptions.abort(msg + " (skipped in a local run; CI fails instead)");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1400,1800");
        ChromeDriverService svc = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        return new ChromeDriver(svc, o);
    }

    private static File find(String property, List<String> names) {
        String p = System.getProperty(property);
        if (p != null && !p.isBlank()) {
            File f = new File(p);
            return f.canExecute() ? f : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            for (String n : names) {
                Path c = Path.of(dir, n);
                if (Files.isRegularFile(c) && Files.isExecutable(c)) {
                    return c.toFile();
                }
            }
        }
        return null;
    }
}
