package io.concordia.clearing.console;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium driven by Playwright for Java. The browser is Debian's {@code chromium} (`.ci/run` installs it);
 * Playwright never downloads one. Screenshots go to {@code target/console-<name>.png}.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Paths.get(System.getProperty("concordia.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Paths.get("target");

    /** What the browser reported against the content security policy or as a script error, on any page. */
    final java.util.List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Playwright playwright;
    private final Browser browser;
    private final String base;

    ConsoleBrowser(String base) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(
                    CHROMIUM + " is missing: install Debian's chromium (apt-get install chromium), as .ci/run does");
        }
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        this.browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu")));
    }

    /** A fresh browser (its own cookies) at the desktop size, signed in through a one-time link as this person. */
    Page signIn(String subject, String role) {
        return signIn(subject, role, 1280, 800);
    }

    Page signIn(String subject, String role, int width, int height) {
        BrowserContext context = browser.newContext(
                new Browser.NewContextOptions().setViewportSize(width, height).setBaseURL(base));
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            // a refused action is logged by htmx and shown on the page; what must never happen is a blocked resource
            if (message.text().contains("Content Security Policy")) {
                violations.add(page.url() + ": " + message.text());
            }
        });
        page.onPageError(error -> violations.add(page.url() + ": " + error));
        page.navigate(ConsoleSignIn.link(subject, role));
        page.click("#sign-in");
        try {
            page.waitForURL(url -> url.endsWith("/console"));
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("sign-in did not reach the overview: at " + page.url() + ": " + page.content(), e);
        }
        return page;
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(SCREENSHOTS.resolve("console-" + name + ".png"))
                .setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
