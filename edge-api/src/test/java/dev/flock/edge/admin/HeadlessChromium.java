package dev.flock.edge.admin;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium and chromedriver (Debian's {@code chromium} and {@code chromium-driver}; {@code
 * .ci/observability-check} installs them), headless. Selenium Manager, which would download a browser, is never
 * asked: a machine without them fails the test, saying what to install.
 */
final class HeadlessChromium {

    private static final Path BROWSER = Path.of(System.getProperty("flock.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("flock.chromedriver", "/usr/bin/chromedriver"));

    private HeadlessChromium() {}

    static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("no " + BROWSER + " or " + DRIVER
                    + ": install Debian's chromium and chromium-driver (.ci/observability-check does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
