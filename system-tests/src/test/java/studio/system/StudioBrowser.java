package studio.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One headless Chromium (Debian's, never a downloaded one) signed in to the studio once, through
 * Keycloak's own login page, and reused by every browser test: screenshots of each screen and an
 * axe-core check of each.
 */
final class StudioBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("studio.chromium", "/usr/bin/chromium"));
    /** As root and on a closed network Chromium needs these (see ../shared/INFRA.md). */
    private static final List<String> ARGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage");

    /** Null in a second session ({@link #newSession}), which shares its opener's browser. */
    private final Playwright playwright;
    private final Browser browser;
    private final BrowserContext context;
    final Page page;
    private final String baseUrl;
    private final Path root;
    private final Path screenshots;
    private final String axe;
    private final List<String> consoleErrors = new ArrayList<>();

    StudioBrowser(String baseUrl, Path root) throws Exception {
        this(baseUrl, root, null, null, Files.readString(root.resolve("gateway/src/main/webui/node_modules/axe-core/axe.min.js")));
    }

    private StudioBrowser(String baseUrl, Path root, Playwright shared, Browser sharedBrowser, String axe) throws Exception {
        this.baseUrl = baseUrl;
        this.root = root;
        this.screenshots = root.resolve("system-tests/target/screenshots");
        Files.createDirectories(screenshots);
        this.axe = axe;
        if (sharedBrowser != null) {
            playwright = null;
            browser = sharedBrowser;
        } else {
            if (!Files.isExecutable(CHROMIUM)) {
                throw new IllegalStateException(CHROMIUM + " is missing: install Debian's chromium (.ci/run does)");
            }
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true).setArgs(ARGS));
        }
        // reduced motion: a drawer that is still fading in would be judged on its half-transparent colours
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setAcceptDownloads(true)
                .setReducedMotion(com.microsoft.playwright.options.ReducedMotion.REDUCE));
        context.setDefaultTimeout(30_000);
        // a freshly started platform answers its first calls of each kind slowly (cold code on two cores)
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
        page = context.newPage();
        // refused API calls are part of what a failed test should tell
        page.onResponse(response -> {
            if (response.status() >= 400 && response.url().contains("/api/")) {
                System.out.println("[browser] " + response.status() + " " + response.request().method() + " " + response.url());
            }
        });
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(message.text());
            }
        });
    }

    /**
     * Another session in the same browser (its own cookies and storage, as a second person at another
     * computer), for a second user; closing it leaves this one open.
     */
    StudioBrowser newSession() throws Exception {
        return new StudioBrowser(baseUrl, root, null, browser, axe);
    }

    /** Signs in as a vendor's user on Keycloak's real login page and waits for the studio. */
    void signIn(String username, String password) {
        page.navigate(baseUrl + "/");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL("**/realms/studio/protocol/openid-connect/auth**");
        page.getByLabel("Username or email").fill(username);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
        page.waitForURL(baseUrl + "/");
    }

    void open(String path) {
        page.navigate(baseUrl + path);
    }

    String url(String path) {
        return baseUrl + path;
    }

    /** A full-page screenshot under system-tests/target/screenshots. */
    Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** Runs axe-core on the page as it is and fails on any serious or critical violation (WCAG 2 A and AA, best practice). */
    void assertAccessible(String screen) {
        if (!(Boolean) page.evaluate("() => typeof window.axe !== 'undefined'")) {
            page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
        }
        String result = (String) page.evaluate("async () => JSON.stringify((await axe.run(document, "
                + "{ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })).violations)");
        JsonArray violations = new JsonArray(result);
        List<String> serious = new ArrayList<>();
        for (int i = 0; i < violations.size(); i++) {
            JsonObject v = violations.getJsonObject(i);
            if ("serious".equals(v.getString("impact")) || "critical".equals(v.getString("impact"))) {
                JsonArray nodes = v.getJsonArray("nodes");
                JsonObject first = nodes.isEmpty() ? new JsonObject() : nodes.getJsonObject(0);
                String html = first.getString("html", "?");
                serious.add(v.getString("id") + " (" + v.getString("impact") + "): " + v.getString("help") + " at "
                        + html.substring(0, Math.min(html.length(), 200)) + " (" + first.getString("failureSummary", "") + ") and "
                        + (nodes.size() - 1) + " more");
            }
        }
        assertThat(serious).as("serious accessibility violations on " + screen).isEmpty();
    }

    List<String> consoleErrors() {
        return consoleErrors;
    }

    @Override
    public void close() {
        context.close();
        if (playwright != null) {
            browser.close();
            playwright.close();
        }
    }
}
