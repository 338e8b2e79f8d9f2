package org.alliance.ledger.service.testkit;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The browser tests' shared setup: Debian's Chromium, headless, driven by Playwright (whose own
 * browser download is skipped), on a fresh profile, with screenshots under
 * {@code target/screenshots/}. A test that uses it is tagged {@code browser}: {@link SuitePrerequisites}
 * skips such a test, with one line saying so, where Chromium is not installed.
 */
public final class Browser implements AutoCloseable {
    /** Debian's Chromium. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Each wait of a browser test, generous for a 2-core machine running the service too. */
    public static final long TIMEOUT_MS = 90_000;
    private static final List<String> QUIET_ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final BrowserContext context;

    private Browser(Playwright playwright, BrowserContext context) {
        this.playwright = playwright;
        this.context = context;
    }

    /**
     * Starts Chromium.
     *
     * @param profile a fresh directory for the browser profile
     * @param width the viewport width
     * @param height the viewport height
     * @param extraArgs Chromium switches the test needs beyond the quiet defaults
     * @return the running browser
     * @throws IllegalStateException if Chromium is not installed: the calling test lacks the
     *     {@code browser} tag, which would have skipped it
     */
    public static Browser launch(Path profile, int width, int height, List<String> extraArgs) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " not found; a test that needs it is tagged browser");
        }
        List<String> args = new ArrayList<>(extraArgs);
        args.addAll(QUIET_ARGS);
        Playwright playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            // A persistent context on a fresh profile: an explicit user-data-dir (Playwright
            // refuses --user-data-dir in plain launch()).
            BrowserContext context = playwright.chromium().launchPersistentContext(profile,
                    new BrowserType.LaunchPersistentContextOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                            .setAcceptDownloads(true).setViewportSize(width, height).setArgs(args));
            context.setDefaultTimeout(TIMEOUT_MS);
            return new Browser(playwright, context);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /**
     * The browser context (one profile, shared storage per origin).
     *
     * @return the context
     */
    public BrowserContext context() {
        return context;
    }

    /**
     * Opens a new tab.
     *
     * @return the page
     */
    public Page newPage() {
        return context.newPage();
    }

    /**
     * A full-page screenshot into {@code target/screenshots/<name>.png}.
     *
     * @param page the page
     * @param name the file name without extension
     * @return the file
     */
    public static Path shot(Page page, String name) {
        Path file = screenshots().resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /**
     * The screenshot directory, created if needed.
     *
     * @return {@code target/screenshots}
     */
    public static Path screenshots() {
        try {
            return Files.createDirectories(targetDir().resolve("screenshots"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The module's build directory, found from the test classes' location so the tests work from
     * any working directory.
     *
     * @return {@code target}
     */
    public static Path targetDir() {
        try {
            return Path.of(Browser.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            playwright.close();
        }
    }
}
