package studio.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;

import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.Keycloak;
import studio.devstack.openai.OpenAiStub;
import studio.devstack.openai.StubFailure;
import studio.devstack.testing.WebhookReceiver;
import studio.devstack.testing.WebhookVerifier;

/**
 * The studio as a vendor uses it: a real headless Chromium against the packaged platform, signed
 * in once on Keycloak's own login page as the realm's demo vendor, and walked through the
 * templates, a test image, a CSV, a live batch, an item, cancel and retry, the queue, a
 * 10,000-item batch, and sign-out. Each screen is photographed and checked with axe-core; what
 * a screen shows is compared with what the API says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioInTheBrowserTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final String VENDOR = "acme";
    private static StudioBrowser operator;

    private static Platform platform;
    private static StudioBrowser studio;
    private static Page page;
    private static String token;
    private static String templateId;

    @BeforeAll
    static void signIn() throws Exception {
        platform = Platform.shared();
        studio = new StudioBrowser(platform.gatewayUrl(), Path.of(System.getProperty("studio.root", "..")).toAbsolutePath().normalize());
        page = studio.page;
        studio.signIn(VENDOR, Keycloak.DEMO_USERS.get(VENDOR));
        // the same vendor through the API, to compare what the screens show with what the API answers
        token = platform.vendorToken(VENDOR);
    }

    @AfterAll
    static void close() {
        if (operator != null) {
            operator.close();
        }
        if (studio != null) {
            studio.close();
        }
    }

    /** The demo operator (acme's owner with the admin role) signed in once, in a second session of the same browser. */
    private static StudioBrowser operator() throws Exception {
        if (operator == null) {
            operator = studio.newSession();
            operator.signIn("operator", Keycloak.DEMO_USERS.get("operator"));
        }
        return operator;
    }

    @Test
    @Order(1)
    void signingInOnKeycloaksPageOpensTheStudioHome() {
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("AI Generation Studio").setLevel(1))).isVisible();
        assertThat(page.getByText("Welcome back, acme")).isVisible();
        for (String action : List.of("Generate single", "Start batch", "Import CSV", "View queue")) {
            assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Quick actions"))
                    .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(action))).isVisible();
        }
        for (String tab : List.of("Templates", "Batch", "Queue", "Styles")) {
            assertThat(page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(tab))).isVisible();
        }
        assertThat(page.getByText("Live", new Page.GetByTextOptions().setExact(true))).isVisible();
        assertThat(page.getByText("Start with a template")).isVisible();
        studio.screenshot("studio-home");
        studio.assertAccessible("the studio home");
    }

    @Test
    @Order(2)
    void theTemplateEditorHighlightsCompletesAndPreviewsTheVariablesAsTheVendorTypes() {
        studio.open("/templates/new");
        page.getByLabel("Name").fill("Strain card");
        Locator prompt = page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Prompt"));
        prompt.click();
        prompt.pressSequentially("{prod");
        Locator completions = page.getByRole(AriaRole.LISTBOX, new Page.GetByRoleOptions().setName("Variables"));
        assertThat(completions.getByRole(AriaRole.OPTION).first()).hasText(Pattern.compile("\\{product_name\\}"));
        prompt.press("Enter");
        assertThat(prompt).hasValue("{product_name}");
        prompt.pressSequentially(" cannabis flower, {strain");
        prompt.press("Enter");
        prompt.pressSequentially(" strain, macro photography");
        assertThat(prompt).hasValue("{product_name} cannabis flower, {strain_type} strain, macro photography");
        // both variables are declared and highlighted as they are typed
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Variables")).getByText("{strain_type}")).isVisible();
        assertThat(page.locator("mark", new Page.LocatorOptions().setHasText("{product_name}"))).hasCount(1);

        // the preview follows: a sample value for one variable, then for the other
        Locator rendered = page.getByTestId("rendered-prompt");
        page.getByLabel("Default for product_name").fill("Blue Dream");
        assertThat(rendered).hasText("Blue Dream cannabis flower, {strain_type} strain, macro photography");
        assertThat(page.getByText("No sample for {strain_type}")).isVisible();
        page.getByLabel("Default for strain_type").fill("hybrid");
        assertThat(rendered).hasText("Blue Dream cannabis flower, hybrid strain, macro photography");
        assertThat(page.getByText(Pattern.compile("Score \\d+/100"))).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save template")).click();
        page.waitForURL(Pattern.compile(".*/templates/[0-9a-f-]{36}$"));
        templateId = page.url().substring(page.url().lastIndexOf('/') + 1);
        given().auth().oauth2(token).when().get("/api/vendor/media/prompt-templates/" + templateId).then().statusCode(200)
                .body("name", equalTo("Strain card"))
                .body("promptText", equalTo("{product_name} cannabis flower, {strain_type} strain, macro photography"))
                .body("variables.find { it.name == 'product_name' }.defaultValue", equalTo("Blue Dream"));
        assertThat(page.getByText("Version history")).isVisible();
        studio.screenshot("template-editor");
        studio.assertAccessible("the template editor");
    }

    @Test
    @Order(3)
    void testGenerateShowsTheImageWhenTheLiveStreamSaysItIsReady() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test generate")).click();
        Locator image = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Test image: Blue Dream cannabis flower, hybrid strain,"
                + " macro photography"));
        assertThat(image).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(WAIT.toMillis()));
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) image.evaluate("img => img.complete ? img.naturalWidth : 0")).intValue() > 0);
        studio.screenshot("test-generate");

        // the library's card now shows that image and the template's success (counted from the events, so it may take a moment)
        Locator card = page.getByRole(AriaRole.ARTICLE, new Page.GetByRoleOptions().setName("Strain card"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
            studio.open("/templates");
            assertThat(card.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName("Newest image from Strain card")))
                    .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(3_000));
            return true;
        });
        assertThat(card).containsText("100% success");
        studio.screenshot("template-library");
        studio.assertAccessible("the template library");
    }

    @Test
    @Order(4)
    void aCsvWithABadRowShowsItsProblemByLineAndColumnBeforeAnythingIsSent() {
        studio.open("/batches/new?source=csv&template=" + templateId);
        // line 3 holds a cell a spreadsheet would run as a formula (CSV injection): refused where it stands
        page.locator("input[type=file]").setInputFiles(csv("products.csv",
                "Product Name,Strain Type\nBlue Dream,hybrid\nOG Kush,=HYPERLINK(\"http://example.com\")\nGelato,indica\n"));
        assertThat(page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Template"))).hasValue("Strain card");
        Locator problems = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("CSV problems"));
        assertThat(problems).isVisible();
        assertThat(problems.getByRole(AriaRole.ROW).nth(1)).containsText("Line 3, column Strain Type");
        assertThat(page.getByText("3 rows found")).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch generation"))).isDisabled();
        studio.screenshot("csv-preview-with-a-bad-row");
        studio.assertAccessible("the batch generator with a CSV preview");
        given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch").then().body("total", equalTo(1)); // the test image only
    }

    @Test
    @Order(5)
    void aTwentyRowBatchStartedWithADoubleClickIsOneBatchThatReachesTwentyOfTwentyWithoutAReload() {
        String name = "Launch " + UUID.randomUUID().toString().substring(0, 8);
        StringBuilder rows = new StringBuilder("Product Name,Strain Type\n");
        for (int i = 1; i <= 20; i++) {
            rows.append("Strain ").append(i).append(',').append(i % 2 == 0 ? "indica" : "sativa").append('\n');
        }
        page.locator("input[type=file]").setInputFiles(csv("launch.csv", rows.toString()));
        page.getByLabel("Batch name").fill(name);
        assertThat(page.getByText("20 rows found")).isVisible();
        assertThat(page.getByText("ready", new Page.GetByTextOptions().setExact(true))).isVisible();
        assertThat(page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Estimate"))).containsText("Estimated cost");
        studio.screenshot("batch-generator");
        page.evaluate("() => { window.studioMarker = 'the same page' }");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start batch generation")).dblclick();
        page.waitForURL(Pattern.compile(".*/batches/[0-9a-f-]{36}$"));
        String batchId = page.url().substring(page.url().lastIndexOf('/') + 1);

        assertThat(page.getByTestId("batch-counter")).hasText("20/20", new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis()));
        assertThat(page.evaluate("() => window.studioMarker")).as("the page was never reloaded").isEqualTo("the same page");
        assertThat(page.getByTestId("count-completed")).hasText("20");
        // every tile shows its thumbnail: the item list followed the live events too
        assertThat(page.getByRole(AriaRole.GRID).locator("img")).hasCount(20, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
        List<Object> named = given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch?size=100").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.name == '" + name + "' }.id");
        assertThat(named).as("a double click made one batch").containsExactly(batchId);
        assertThat(page.getByRole(AriaRole.GRID).locator("img").first()).isVisible();
        studio.screenshot("batch-page");
        studio.assertAccessible("a batch's page");

        // Download all: one ZIP streamed by batch-service, each image under its smart name
        com.microsoft.playwright.Download download = page.waitForDownload(
                () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Download all")).click());
        assertThat(download.suggestedFilename()).isEqualTo("batch-" + batchId + ".zip");
        List<String> names = new ArrayList<>();
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(download.path()))) {
            for (java.util.zip.ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                names.add(entry.getName());
                assertThat(zip.readAllBytes()).as(entry.getName()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(names).hasSize(20).allMatch(n -> n.matches("strain-\\d+-ai-generated-[0-9a-f]{8}\\.png"));
    }

    @Test
    @Order(6)
    void anItemOpensWithItsImagePromptAndCost() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("^1\\. Strain 1 .*completed$"))).click();
        Locator drawer = page.getByRole(AriaRole.DIALOG);
        assertThat(drawer).isVisible();
        assertThat(drawer.getByRole(AriaRole.IMG, new Locator.GetByRoleOptions().setName(Pattern.compile("^Strain 1 cannabis flower")))).isVisible();
        assertThat(drawer).containsText("Attempts");
        assertThat(drawer.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Open full size"))).isVisible();
        studio.screenshot("item-detail");
        studio.assertAccessible("an item's detail");
        page.keyboard().press("Escape");
        assertThat(drawer).isHidden();
    }

    @Test
    @Order(7)
    void aRunningBatchIsCancelledAndAFailedImageRetriedFromItsPage() {
        OpenAiStub stub = Devstack.shared().openAi();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try {
            // slow images: the batch is still running when the vendor cancels it
            stub.behaviour().latency(Duration.ofSeconds(2));
            String slow = startBatch("Slow " + run, 12, i -> "Slow " + run + " " + i);
            studio.open("/batches/" + slow);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel the batch")).click();
            assertThat(page.getByText("cancelled", new Page.GetByTextOptions().setExact(true)).first()).isVisible();
            given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch/" + slow).then().body("status", equalTo("cancelled"));
            stub.behaviour().reset();

            // the provider refuses one prompt; once it accepts it again, Retry failed completes the batch
            stub.behaviour().failPromptsContaining("Cursed " + run, StubFailure.CONTENT_POLICY);
            String mixed = startBatch("Mixed " + run, 3, i -> i == 0 ? "Cursed " + run : "Calm " + run + " " + i);
            studio.open("/batches/" + mixed);
            assertThat(page.getByTestId("count-failed")).hasText("1", new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis()));
            assertThat(page.getByTestId("batch-counter")).hasText("3/3", new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis()));
            stub.behaviour().reset();
            studio.screenshot("batch-with-a-failed-image");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry failed")).click();
            assertThat(page.getByTestId("count-completed")).hasText("3", new LocatorAssertions.HasTextOptions().setTimeout(WAIT.toMillis()));
            assertThat(page.getByTestId("count-failed")).hasText("0");
        } finally {
            stub.behaviour().reset();
        }
    }

    @Test
    @Order(8)
    void theQueueDashboardShowsWhatTheApiSays() {
        // nothing of this vendor's is waiting any more, so the figures stand still while they are compared
        await().atMost(WAIT).until(() -> given().auth().oauth2(token).when().get("/api/vendor/media/queue/stats").then().extract()
                .jsonPath().getMap("depth").values().stream().mapToLong(v -> ((Number) v).longValue()).sum() == 0);
        studio.open("/queue");
        JsonObject stats = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/queue/stats").then().statusCode(200)
                .extract().asString());
        assertThat(page.getByTestId("completed-24h")).hasText(String.valueOf(stats.getLong("completedLast24h")));
        assertThat(page.getByTestId("failed-24h")).hasText(String.valueOf(stats.getLong("failedLast24h")));
        assertThat(page.getByTestId("success-rate")).hasText(percent(stats.getDouble("successRate")));
        for (String lane : List.of("interactive", "standard", "bulk")) {
            assertThat(page.getByTestId("depth-" + lane)).hasText(String.valueOf(stats.getJsonObject("depth").getLong(lane, 0L)));
        }
        assertThat(page.getByTestId("depth-scheduled")).hasText(String.valueOf(stats.getLong("scheduled")));
        // the vendor's place in each lane's fair queue, as the API has it
        for (String lane : List.of("interactive", "standard", "bulk")) {
            JsonObject place = stats.getJsonObject("places").getJsonObject(lane);
            assertThat(page.getByTestId("place-" + lane + "-waiting")).hasText(String.valueOf(place.getLong("waiting")));
            assertThat(page.getByTestId("place-" + lane + "-share")).hasText(percent(place.getDouble("share")));
        }
        assertThat(stats.getLong("completedLast24h")).isGreaterThanOrEqualTo(24);
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(Pattern.compile("^Completed"))).click();
        Locator completed = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Completed batches"));
        long total = given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch?status=completed&size=1").then()
                .extract().jsonPath().getLong("total");
        assertThat(completed.getByRole(AriaRole.ROW)).hasCount((int) Math.min(total, 20) + 1);
        studio.screenshot("queue-dashboard");
        studio.assertAccessible("the queue dashboard");
    }

    @Test
    @Order(9)
    void aTenThousandItemBatchScrollsWithFewerThanFiveHundredItemsInThePage() {
        // scheduled a day ahead: its 10,000 items are stored and wait, so the page shows them all without generating any
        JsonArray rows = new JsonArray();
        for (int i = 1; i <= 10_000; i++) {
            rows.add(new JsonObject().put("product_name", "Item " + i).put("strain_type", "hybrid"));
        }
        String batchId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "Ten thousand").put("templateId", templateId).put("rows", rows)
                        .put("scheduledFor", Instant.now().plus(Duration.ofDays(1)).toString()).encode())
                .when().post("/api/vendor/media/generate/batch").then().statusCode(202).extract().path("id");
        try {
            studio.open("/batches/" + batchId);
            Locator grid = page.getByRole(AriaRole.GRID, new Page.GetByRoleOptions().setName("Images of this batch"));
            assertThat(grid.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("^1\\. Item 1 .*pending$"))))
                    .isVisible();
            List<Integer> cells = new ArrayList<>();
            for (int step = 0; step <= 10; step++) {
                grid.evaluate("(el, f) => { el.scrollTop = (el.scrollHeight - el.clientHeight) * f }", step / 10.0);
                page.waitForTimeout(150); // two frames for the virtualiser to render the rows in view
                cells.add(((Number) page.evaluate("() => document.querySelectorAll('[role=gridcell]').length")).intValue());
            }
            assertThat(grid.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("^10000\\. Item 10000 .*pending$"))))
                    .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(cells).as("item elements in the page at each tenth of the scroll").allSatisfy(n -> assertThat(n).isBetween(1, 499));
            studio.screenshot("batch-of-ten-thousand");
        } finally {
            given().auth().oauth2(token).when().delete("/api/vendor/media/generate/batch/" + batchId).then().statusCode(200);
        }
    }

    @Test
    @Order(10)
    void aSingleImageIsGeneratedRatedAndGeneratedAgainAsASimilarOne() {
        studio.open("/generate");
        String prompt = "Gelato cannabis flower on black velvet, macro photography, " + UUID.randomUUID().toString().substring(0, 8);
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Prompt").setExact(true)).fill(prompt);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate").setExact(true)).click();
        Locator image = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Generated: " + prompt));
        assertThat(image).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(WAIT.toMillis()));
        // the fourth star: its radio is visually hidden, the star is its label
        String star = page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("4 stars")).getAttribute("id");
        page.locator("label[for='" + star + "']").click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/vendor/media/generate/batch?size=5").then().body("items[0].name", equalTo("Single image")));
        String batchId = given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch?size=1").then().extract().path("items[0].id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/vendor/media/generate/batch/" + batchId + "/items").then()
                .body("items[0].prompt", equalTo(prompt)).body("items[0].rating", equalTo(4)));
        studio.screenshot("generate-single");
        studio.assertAccessible("generate single");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate similar")).click();
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch?size=1").then()
                .body("items[0].id", org.hamcrest.Matchers.not(equalTo(batchId))).body("items[0].status", equalTo("completed")));
    }

    @Test
    @Order(11)
    void aWebhookIsSubscribedWithItsSecretShownOnceTestedReplayedAndItsDeliveriesFollowABatch() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            studio.open("/webhooks");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Webhooks").setLevel(1))).isVisible();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add webhook")).first().click();
            Locator dialog = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Add a webhook"));
            // an address that is not one is refused before anything is sent
            dialog.getByLabel("Endpoint URL").fill("shop.example.com/hooks");
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add webhook")).click();
            assertThat(dialog.getByText("An http:// or https:// address your server answers on")).isVisible();
            dialog.getByLabel("Endpoint URL").fill(receiver.url());
            dialog.getByLabel("Description").fill("Order system");
            dialog.getByLabel("item.completed").check();
            dialog.getByLabel("batch.completed").check();
            studio.screenshot("webhook-new");
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add webhook")).click();

            // the secret, shown this once, is the one that signs the deliveries
            Locator secret = page.getByTestId("signing-secret");
            assertThat(secret).hasText(Pattern.compile("^whsec_\\S+$"));
            String signingSecret = secret.textContent().trim();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy the secret"))).isVisible();
            studio.screenshot("webhook-secret");
            studio.assertAccessible("a new webhook's secret");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I have stored it: open the webhook")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Order system").setLevel(1))).isVisible();
            assertThat(page.getByText("Nothing delivered yet")).isVisible();
            String subscriptionId = page.url().substring(page.url().lastIndexOf('/') + 1);
            given().auth().oauth2(token).when().get("/api/vendor/media/webhooks/" + subscriptionId).then().statusCode(200)
                    .body("url", equalTo(receiver.url())).body("eventTypes", org.hamcrest.Matchers.containsInAnyOrder("item.completed", "batch.completed"))
                    .body("secret", org.hamcrest.Matchers.nullValue());

            // a test event reaches the receiver, signed with that secret, and its attempt shows in the log
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send test event")).click();
            await().atMost(WAIT).until(() -> receiver.delivered().size() == 1);
            assertThat(WebhookVerifier.verify(signingSecret, receiver.delivered())).containsExactly("ok");
            Locator deliveries = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Deliveries"));
            Locator testRow = deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("webhook.test"));
            assertThat(testRow.getByText("succeeded")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            testRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Details")).click();
            assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Attempts")).getByText("HTTP 204")).isVisible();

            // replayed: the same webhook-id and body again
            testRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Replay webhook.test")).click();
            await().atMost(WAIT).until(() -> receiver.delivered().size() == 2);
            assertThat(receiver.delivered().get(1).headers().get("webhook-id")).isEqualTo(receiver.delivered().get(0).headers().get("webhook-id"));
            assertThat(receiver.delivered().get(1).body()).isEqualTo(receiver.delivered().get(0).body());
            // the open details follow: the header and both attempts
            assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Attempts")).getByRole(AriaRole.ROW))
                    .hasCount(3, new LocatorAssertions.HasCountOptions().setTimeout(30_000));

            // an image made through the API: its item.completed and its batch.completed follow in the log, and only those
            String batchId = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(new JsonObject().put("prompt", "Webhook check, " + UUID.randomUUID()).encode())
                    .when().post("/api/vendor/media/generate").then().statusCode(202).extract().path("batchId");
            java.util.function.Supplier<List<String>> typesOfTheBatch = () -> receiver.delivered().stream().map(r -> new JsonObject(r.body()))
                    .filter(b -> batchId.equals(b.getJsonObject("data").getString("batchId"))).map(b -> b.getString("type")).toList();
            await().atMost(WAIT).until(() -> typesOfTheBatch.get().size() >= 2);
            assertThat(typesOfTheBatch.get()).containsExactlyInAnyOrder("item.completed", "batch.completed");
            assertThat(receiver.delivered()).extracting(r -> new JsonObject(r.body()).getString("type"))
                    .allMatch(type -> List.of("webhook.test", "item.completed", "batch.completed").contains(type));
            assertThat(WebhookVerifier.verify(signingSecret, receiver.delivered())).containsOnly("ok");
            // the segment's radio is visually hidden, its label is what a vendor clicks
            String succeeded = page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Succeeded")).getAttribute("id");
            page.locator("label[for='" + succeeded + "']").click();
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("item.completed")).first())
                    .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
            assertThat(deliveries.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("batch.completed")).first()).isVisible();
            assertThat(deliveries.getByText("pending")).hasCount(0);
            studio.screenshot("webhook-deliveries");
            studio.assertAccessible("a webhook's delivery log");

            // a rotation shows the new secret once, and the previous one keeps signing for a while
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Rotate secret")).click();
            Locator rotated = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("New signing secret"));
            assertThat(rotated.getByTestId("signing-secret")).hasText(Pattern.compile("^whsec_\\S+$"));
            assertThat(rotated.getByTestId("signing-secret")).not().hasText(signingSecret);
            assertThat(rotated.getByText("The previous secret keeps signing until", new Locator.GetByTextOptions().setExact(false))).isVisible();
            studio.screenshot("webhook-rotated");
            rotated.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("I have stored it")).click();
        }
    }

    @Test
    @Order(12)
    void theCostsScreenShowsTheMonthsSpendAsTheApiAnswersAndSetsTheMonthlyLimit() {
        studio.open("/costs");
        JsonObject month = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/costs").then().statusCode(200)
                .extract().asString());
        assertThat(new java.math.BigDecimal(month.getValue("totalUsd").toString())).isPositive();
        assertThat(page.getByTestId("figure-spent")).hasText(usd(month.getValue("totalUsd")));
        Locator models = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Spend by model"));
        for (String model : month.getJsonObject("byModel").fieldNames()) {
            assertThat(models.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(model)))
                    .containsText(usd(month.getJsonObject("byModel").getValue(model)));
        }
        JsonArray days = month.getJsonArray("byDay");
        JsonObject today = days.getJsonObject(days.size() - 1);
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Spend by day"))
                .getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(today.getString("date"))))
                .containsText(usd(today.getValue("usd")));
        assertThat(page.getByTestId("spend-by-day")).isVisible();
        // the success metrics are the queue statistics' last 30 days
        JsonObject quality = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/queue/stats").then().statusCode(200)
                .extract().asString()).getJsonObject("last30Days");
        assertThat(page.getByTestId("figure-images-requested")).hasText(java.text.NumberFormat.getIntegerInstance(java.util.Locale.US).format(quality.getLong("images")));
        assertThat(page.getByTestId("figure-average-rating")).hasText(String.format(java.util.Locale.ROOT, "%.1f / 5", quality.getDouble("averageRating")));
        // and the usage metrics: templates in the library, batches a week and their size
        java.text.NumberFormat figures = java.text.NumberFormat.getNumberInstance(java.util.Locale.US);
        assertThat(page.getByTestId("figure-batches-per-week")).hasText(figures.format(quality.getDouble("batchesPerWeek")));
        assertThat(page.getByTestId("figure-images-per-batch")).hasText(figures.format(quality.getDouble("imagesPerBatch")));
        assertThat(page.getByTestId("figure-templates")).hasText(given().auth().oauth2(token).when().get("/api/vendor/media/prompt-templates?size=1")
                .then().statusCode(200).extract().path("total").toString());

        page.getByLabel("Monthly limit (USD)").fill("25");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
        assertThat(page.getByText("left of $25.00")).isVisible();
        assertThat(new java.math.BigDecimal(new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/budget").then()
                .statusCode(200).extract().asString()).getValue("monthlyLimitUsd").toString())).isEqualByComparingTo("25");
        studio.screenshot("costs");
        studio.assertAccessible("the costs screen");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove")).click();
        assertThat(page.getByText("No monthly limit", new Page.GetByTextOptions().setExact(false))).isVisible();
        given().auth().oauth2(token).when().get("/api/vendor/media/budget").then().body("monthlyLimitUsd", org.hamcrest.Matchers.nullValue());
    }

    @Test
    @Order(12)
    void aSixtyFortyMixIsBuiltWithTheSlidersItsPromptFollowingThemAndSavedAsAStyle() {
        studio.open("/styles");
        Locator gallery = page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Styles"));
        assertThat(gallery.getByRole(AriaRole.LISTITEM)).not().hasCount(0);
        assertThat(gallery.getByRole(AriaRole.LISTITEM, new Locator.GetByRoleOptions().setName("Minimalist"))).containsText("Built-in");

        // a custom style of the vendor's, from the editor
        String own = "Linen morning " + UUID.randomUUID().toString().substring(0, 6);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New style")).click();
        Locator editor = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("New style"));
        editor.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Name").setExact(true)).fill(own);
        editor.getByLabel("Added to every prompt").fill("soft window light, linen backdrop, muted palette");
        editor.getByLabel("Avoid (negative prompt)").fill("harsh shadows");
        studio.screenshot("style-editor");
        editor.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save style")).click();
        assertThat(gallery.getByRole(AriaRole.LISTITEM, new Locator.GetByRoleOptions().setName(own))).containsText("Yours");
        JsonObject created = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/style-presets?size=100").then()
                .statusCode(200).extract().asString()).getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(s -> own.equals(s.getString("name"))).findFirst().orElseThrow();
        assertThat(created.getString("basePromptSuffix")).isEqualTo("soft window light, linen backdrop, muted palette");
        assertThat(created.getString("negativePrompt")).isEqualTo("harsh shadows");
        studio.screenshot("style-gallery");
        studio.assertAccessible("the style gallery");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Mix styles")).click();
        Locator styles = page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Styles"));
        for (String style : List.of("Luxury", "Minimalist")) {
            styles.click();
            page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(style).setExact(true)).click();
        }
        page.keyboard().press("Escape");
        Locator composed = page.getByTestId("composed-prompt");
        // an even mix: both lead, in the order of their names
        assertThat(composed).containsText("premium luxury aesthetic, gold accents, elegant composition (50%, leading)");
        assertThat(composed).containsText("clean minimalist design, simple shapes, white background (50%, leading)");

        // the Minimalist slider ten steps up: Luxury follows to 40, and the prompt leads with Minimalist
        Locator minimalist = page.getByRole(AriaRole.SLIDER, new Page.GetByRoleOptions().setName("Weight of Minimalist"));
        minimalist.focus();
        for (int i = 0; i < 10; i++) {
            page.keyboard().press("ArrowRight");
        }
        assertThat(page.getByLabel("Weight of Luxury (%)")).hasValue("40%");
        assertThat(page.getByLabel("Weight of Minimalist (%)")).hasValue("60%");
        assertThat(composed).containsText("(60%, leading)");
        assertThat(composed).containsText("premium luxury aesthetic, gold accents, elegant composition (40%)");
        String prompt = composed.textContent();
        assertThat(prompt.indexOf("clean minimalist design")).as(prompt).isLessThan(prompt.indexOf("premium luxury aesthetic"));
        studio.screenshot("mix-builder");
        studio.assertAccessible("the mix builder");

        String name = "Quiet luxury " + UUID.randomUUID().toString().substring(0, 6);
        page.getByLabel("Name of the mix").fill(name);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save as style")).click();
        assertThat(gallery.getByRole(AriaRole.LISTITEM, new Locator.GetByRoleOptions().setName(name))).containsText("Your mix");
        JsonObject saved = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/style-presets?size=100").then()
                .statusCode(200).extract().asString()).getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(s -> name.equals(s.getString("name"))).findFirst().orElseThrow();
        assertThat(saved.getValue("mix").toString()).contains("60").contains("40");
        assertThat(saved.getString("basePromptSuffix")).contains("clean minimalist design");
    }

    @Test
    @Order(12)
    void theTuningPanelSaysWhatTheModelDoesWithASeedAndTheSliders() {
        studio.open("/generate");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Prompt").setExact(true)).fill("A linen tote bag on a brass hook");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Seed")).fill("424242");
        page.getByRole(AriaRole.SLIDER, new Page.GetByRoleOptions().setName("Creativity")).focus();
        page.keyboard().press("End");
        Locator report = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName(Pattern.compile("How .* applies it")));

        // what the compose endpoint says for the same request, row by row
        JsonObject composed = new JsonObject(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("prompts", new JsonArray().add("A linen tote bag on a brass hook"))
                        .put("tuning", new JsonObject().put("creativity", 100).put("seed", 424242))
                        .put("parameters", new JsonObject().put("quality", "medium")).encode())
                .when().post("/api/vendor/media/style-presets/compose").then().statusCode(200).extract().asString());
        for (Object entry : composed.getJsonArray("applied")) {
            JsonObject applied = (JsonObject) entry;
            Locator row = report.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(applied.getString("setting")));
            assertThat(row.first()).containsText(applied.getString("how"));
            assertThat(row.first()).containsText(applied.getString("detail"));
        }
        // the default model takes no seed, and the panel says so
        assertThat(report.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("seed"))).containsText("takes no seed");
        studio.screenshot("tuning-panel");
        studio.assertAccessible("the tuning panel");
    }

    @Test
    @Order(12)
    void anAbTestOfThreeVariationsIsRatedComparedAndDecided() {
        studio.open("/ab-tests");
        String prompt = "A glass teapot on a marble counter " + UUID.randomUUID().toString().substring(0, 6);
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Prompt").setExact(true)).fill(prompt);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add a variation")).click();
        Locator b = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Variation B"));
        b.getByText("HD", new Locator.GetByTextOptions().setExact(true)).click();
        Locator c = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Variation C"));
        c.getByRole(AriaRole.COMBOBOX, new Locator.GetByRoleOptions().setName("Style")).click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Minimalist").setExact(true)).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start the test")).click();

        page.waitForURL(Pattern.compile(".*/ab-tests/[0-9a-f-]{36}$"));
        String testId = page.url().substring(page.url().lastIndexOf('/') + 1);
        Locator pickB = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pick as winner: Variation B"));
        assertThat(pickB).isEnabled(new LocatorAssertions.IsEnabledOptions().setTimeout(WAIT.toMillis()));
        for (String label : List.of("Variation A", "Variation B", "Variation C")) {
            assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(label + ": " + prompt))).isVisible();
        }
        // B is rated five stars (its radio is visually hidden, the star is its label) and compared with A
        Locator groupB = page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Variation B").setExact(true));
        String star = groupB.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("5 stars")).getAttribute("id");
        page.locator("label[for='" + star + "']").click();
        assertThat(groupB.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("5 stars"))).isChecked();
        assertThat(groupB).containsText("Quality: HD");
        assertThat(page.getByRole(AriaRole.GROUP, new Page.GetByRoleOptions().setName("Variation C").setExact(true))).containsText("Style: Minimalist");
        page.getByRole(AriaRole.SLIDER, new Page.GetByRoleOptions().setName("Comparison: how much of the left image shows")).focus();
        page.keyboard().press("End");
        assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("Variation A (left)"))).isVisible();
        studio.screenshot("ab-test");
        studio.assertAccessible("an A/B test");

        pickB.click();
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Winner:"))).hasText("Winner: Variation B");
        JsonObject test = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/generate/variations/" + testId).then()
                .statusCode(200).extract().asString());
        assertThat(test.getBoolean("winnerPicked")).isTrue();
        JsonObject winner = test.getJsonArray("variants").stream().map(JsonObject.class::cast).filter(v -> v.getBoolean("winner"))
                .findFirst().orElseThrow();
        assertThat(winner.getString("label")).isEqualTo("Variation B");
        assertThat(test.getString("winnerItemId")).isEqualTo(winner.getJsonObject("image").getString("id"));
        assertThat(winner.getJsonObject("image").getInteger("rating")).isEqualTo(5);

        // and what wins, as the statistics say
        studio.open("/ab-tests");
        JsonObject stats = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/generate/variations/stats").then()
                .statusCode(200).extract().asString());
        JsonObject hd = stats.getJsonArray("settings").stream().map(JsonObject.class::cast)
                .filter(st -> st.getJsonArray("labels").contains("Variation B")).findFirst().orElseThrow();
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Winning settings")).getByRole(AriaRole.ROW)
                .filter(new Locator.FilterOptions().setHasText("Variation B")).first())
                .containsText(hd.getLong("wins") + " / " + hd.getLong("decided"));
        studio.screenshot("ab-tests");
        studio.assertAccessible("the A/B tests");
    }

    @Test
    @Order(12)
    void thePromptHistoryIsSearchedFilteredByOutcomeAndGeneratesASimilarImage() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String prompt = "Sour Diesel pre-roll tin on slate, " + marker;
        String itemId = given().auth().oauth2(token).contentType(ContentType.JSON).body(new JsonObject().put("prompt", prompt).encode())
                .when().post("/api/vendor/media/generate").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get("/api/vendor/media/prompt-history?q=" + marker)
                .then().statusCode(200).body("items[0].itemId", equalTo(itemId)).body("items[0].status", equalTo("completed")));

        studio.open("/history");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Search prompts")).fill(marker);
        Locator rows = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Prompt history")).getByRole(AriaRole.ROW);
        assertThat(rows).hasCount(2); // the header and the one prompt
        assertThat(rows.nth(1)).containsText(prompt);
        assertThat(rows.nth(1)).containsText("completed");
        studio.screenshot("prompt-history");
        studio.assertAccessible("the prompt history");

        // no failed image has this prompt, as the API says too
        page.getByText("Failed", new Page.GetByTextOptions().setExact(true)).click();
        given().auth().oauth2(token).when().get("/api/vendor/media/prompt-history?status=failed&q=" + marker).then().body("total", equalTo(0));
        assertThat(page.getByText("Nothing matches")).isVisible();
        page.getByText("All", new Page.GetByTextOptions().setExact(true)).click();

        rows.nth(1).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Generate similar")).click();
        page.waitForURL(Pattern.compile(".*/generate\\?similar=" + itemId));
        assertThat(page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Prompt").setExact(true))).hasValue(prompt);
    }

    @Test
    @Order(12)
    void fiftyImportedProductsAreSelectedAndGeneratedEachImageLinkedToItsProduct() {
        String marker = "Lot" + UUID.randomUUID().toString().substring(0, 6);
        String template = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "Shelf shot " + marker).put("category", "product").put("promptText", "{product_name} on a shelf").encode())
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        StringBuilder file = new StringBuilder("name,external_id,category,brand\n");
        for (int i = 0; i < 50; i++) {
            file.append(marker).append(" tincture ").append(i).append(",ext-").append(marker).append('-').append(i).append(",tincture,Acme\n");
        }
        studio.open("/products");
        page.locator("input[type=file]").setInputFiles(csv("products.csv", file.toString()));
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Last import")))
                .hasText("Last import: 50 new, 0 updated.");

        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Search products")).fill(marker);
        Locator table = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Products"));
        assertThat(table.getByRole(AriaRole.ROW)).hasCount(51);
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Select every product on this page")).check();
        studio.screenshot("products");
        studio.assertAccessible("the products");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate images for 50")).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Generate images for 50 products"));
        dialog.getByRole(AriaRole.COMBOBOX, new Locator.GetByRoleOptions().setName("Template")).click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Shelf shot " + marker)).click();
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start the batch")).click();

        page.waitForURL(Pattern.compile(".*/batches/[0-9a-f-]{36}$"));
        String batchId = page.url().substring(page.url().lastIndexOf('/') + 1);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch/" + batchId)
                .then().body("status", equalTo("completed")).body("completedImages", equalTo(50)));
        // each product has its one image, linked
        JsonArray products = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/products?size=100&search=" + marker)
                .then().statusCode(200).extract().asString()).getJsonArray("items");
        assertThat(products).hasSize(50);
        for (Object product : products) {
            String id = ((JsonObject) product).getString("id");
            given().auth().oauth2(token).when().get("/api/vendor/media/products/" + id + "/images").then().statusCode(200)
                    .body("total", equalTo(1)).body("items[0].batchId", equalTo(batchId));
        }
        studio.open("/products");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Search products")).fill(marker + " tincture 7");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Images of " + marker + " tincture 7")).click();
        assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(Pattern.compile("^" + marker + " tincture 7: ")))).isVisible();
        // its one image becomes the product's own
        Locator drawer = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName(marker + " tincture 7: images"));
        drawer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("^Use as product image"))).click();
        assertThat(drawer.getByText("Product image", new Locator.GetByTextOptions().setExact(true))).isVisible();
        String tincture7 = products.stream().map(JsonObject.class::cast).filter(p -> p.getString("name").equals(marker + " tincture 7"))
                .findFirst().orElseThrow().getString("id");
        String itsImage = given().auth().oauth2(token).when().get("/api/vendor/media/products/" + tincture7 + "/images").then().extract().path("items[0].id");
        given().auth().oauth2(token).when().get("/api/vendor/media/products/" + tincture7).then().statusCode(200).body("imageItemId", equalTo(itsImage));
        studio.screenshot("product-images");
        studio.assertAccessible("a product's images");
        page.keyboard().press("Escape");

        // edited, then deleted: its image stays the vendor's
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit " + marker + " tincture 7")).click();
        Locator edit = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Edit " + marker + " tincture 7"));
        edit.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Brand")).fill("Apothecary North");
        edit.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save product")).click();
        assertThat(edit).isHidden();
        given().auth().oauth2(token).when().get("/api/vendor/media/products/" + tincture7).then().statusCode(200)
                .body("brand", equalTo("Apothecary North")).body("name", equalTo(marker + " tincture 7")).body("imageItemId", equalTo(itsImage));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete " + marker + " tincture 7")).click();
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete product")).click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Edit " + marker + " tincture 7"))).hasCount(0);
        given().auth().oauth2(token).when().get("/api/vendor/media/products/" + tincture7).then().statusCode(404);
        given().auth().oauth2(token).when().get("/api/vendor/media/generate/" + itsImage).then().statusCode(200);

        // the template product batches use by default
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Settings")).click();
        Locator settings = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Product image settings"));
        settings.getByRole(AriaRole.COMBOBOX, new Locator.GetByRoleOptions().setName("Template for product images")).click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Shelf shot " + marker)).click();
        studio.assertAccessible("the product settings");
        settings.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save settings")).click();
        assertThat(settings).isHidden();
        given().auth().oauth2(token).when().get("/api/vendor/media/products/generation-settings").then().statusCode(200)
                .body("templateId", equalTo(template)).body("autoGenerate", equalTo(false));
    }

    @Test
    @Order(12)
    void aTemplateFromAnotherVendorsListingIsInstalledAndReviewed() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String author = platform.vendorToken("market-author-" + marker);
        String name = "Amber jar hero " + marker;
        String templateId = given().auth().oauth2(author).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", name).put("category", "product").put("description", "A glowing jar on dark wood")
                        .put("promptText", "{product_name} in an amber glass jar on dark walnut, warm rim light").encode())
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        String listingId = given().auth().oauth2(author).contentType(ContentType.JSON).body(new JsonObject().put("templateId", templateId).encode())
                .when().post("/api/vendor/media/marketplace/templates").then().statusCode(201).extract().path("id");

        studio.open("/marketplace");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Search the marketplace")).fill(marker);
        Locator card = page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Listings"))
                .getByRole(AriaRole.LISTITEM, new Locator.GetByRoleOptions().setName(name));
        assertThat(card).containsText("0 installs");
        studio.screenshot("marketplace");
        studio.assertAccessible("the marketplace");
        card.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name)).click();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Install")).click();
        assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("Installed"))).containsText("Installed in your library");
        assertThat(page.getByTestId("figure-installs")).hasText("1");
        JsonArray mine = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/prompt-templates?size=100&q=" + marker).then()
                .statusCode(200).extract().asString()).getJsonArray("items");
        assertThat(mine.stream().map(JsonObject.class::cast).map(t -> t.getString("promptText")))
                .contains("{product_name} in an amber glass jar on dark walnut, warm rim light");

        String star = page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("4 stars")).getAttribute("id");
        page.locator("label[for='" + star + "']").click();
        page.getByLabel("What you think").fill("Lovely light; works for tinctures too.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save review")).click();
        assertThat(page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Reviews"))).containsText("Lovely light; works for tinctures too.");
        assertThat(page.getByTestId("figure-rating")).hasText("4.0 (1)");
        given().auth().oauth2(token).when().get("/api/vendor/media/marketplace/templates/" + listingId + "/reviews").then().statusCode(200)
                .body("items[0].rating", equalTo(4)).body("items[0].review", equalTo("Lovely light; works for tinctures too."));
        studio.screenshot("marketplace-listing");
        studio.assertAccessible("a marketplace listing");
    }

    @Test
    @Order(13)
    void aSessionThatEndedAtKeycloakEndsOnAClearPageAndSigningInAgainComesBackToIt() {
        studio.open("/queue");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Queue").setLevel(1))).isVisible();
        // the session ends at Keycloak (idle too long, revoked by an admin) and the tab's token stops being accepted:
        // the app tries its refresh token, which Keycloak refuses now, and says so
        platform.keycloak().endSessions(VENDOR);
        page.evaluate("() => { for (const key of Object.keys(sessionStorage).filter(k => k.startsWith('oidc.user:'))) {"
                + " const user = JSON.parse(sessionStorage.getItem(key)); user.access_token = user.access_token + 'x';"
                + " sessionStorage.setItem(key, JSON.stringify(user)); } }");
        page.reload();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your session has expired"))).isVisible();
        studio.screenshot("session-expired");
        studio.assertAccessible("the session-expired page");
        // signing in again asks for the password and comes back to the queue
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in again")).click();
        page.getByLabel("Username or email").fill(VENDOR);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(Keycloak.DEMO_USERS.get(VENDOR));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
        page.waitForURL(platform.gatewayUrl() + "/queue");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Queue").setLevel(1))).isVisible();
    }

    @Test
    @Order(14)
    void signingOutEndsTheSession() {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Account of acme")).click();
        page.getByRole(AriaRole.MENUITEM, new Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(platform.gatewayUrl() + "/");
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))).isVisible();
        studio.screenshot("signed-out");
        studio.assertAccessible("the sign-in page");
        // signed out at Keycloak too: signing in asks for the password again
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByLabel("Username or email")).isVisible();
    }

    @Test
    @Order(12)
    void aPromptIsWrittenForAProductNameWithWhatWorksBestForItsCategory() {
        studio.open("/generate");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Write it for a product")).click();
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Product name").setExact(true)).fill("Blue Dream");
        page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Category").setExact(true)).click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("flower").setExact(true)).click();
        page.getByRole(AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Strain type").setExact(true)).click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("indica").setExact(true)).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Write the prompt")).click();
        String expected = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"productName\": \"Blue Dream\", \"category\": \"flower\", \"strainType\": \"indica\"}")
                .when().post("/api/vendor/media/enhance-prompt").then().statusCode(200).extract().path("prompt");
        assertThat(page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Prompt").setExact(true))).hasValue(expected);
        JsonObject picks = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/recommendations?category=flower&limit=3")
                .then().statusCode(200).extract().asString());
        Locator recommended = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Recommended for flower"));
        for (Object t : picks.getJsonArray("templates")) {
            assertThat(recommended.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(((JsonObject) t).getString("name")))).isVisible();
        }
        studio.screenshot("generate-from-product");
        studio.assertAccessible("writing a prompt for a product");
    }

    @Test
    @Order(12)
    void aCustomStyleIsEditedAndDeletedFromTheGallery() {
        String name = "Walnut dusk " + UUID.randomUUID().toString().substring(0, 6);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", name).put("basePromptSuffix", "dark walnut, dusk light").encode())
                .when().post("/api/vendor/media/style-presets").then().statusCode(201).extract().path("id");
        studio.open("/styles");
        Locator card = page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Styles"))
                .getByRole(AriaRole.LISTITEM, new Locator.GetByRoleOptions().setName(name));
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit " + name)).click();
        Locator editor = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Edit " + name));
        assertThat(editor.getByLabel("Added to every prompt")).hasValue("dark walnut, dusk light");
        editor.getByLabel("Added to every prompt").fill("dark walnut, amber dusk light, shallow depth of field");
        editor.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save style")).click();
        assertThat(editor).isHidden();
        assertThat(card).containsText("amber dusk light");
        given().auth().oauth2(token).when().get("/api/vendor/media/style-presets/" + id).then().statusCode(200)
                .body("basePromptSuffix", equalTo("dark walnut, amber dusk light, shallow depth of field"));

        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete " + name)).click();
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete style")).click();
        assertThat(card).hasCount(0);
        given().auth().oauth2(token).when().get("/api/vendor/media/style-presets/" + id).then().statusCode(404);
    }

    @Test
    @Order(12)
    void aScheduledBatchIsMovedToTheOffPeakHoursTheVendorSetsBesideItsPlan() {
        JsonObject plan = new JsonObject(given().auth().oauth2(token).when().get("/api/vendor/media/plan").then().statusCode(200).extract().asString());
        studio.open("/queue");
        assertThat(page.getByTestId("plan-weight")).hasText(plan.getValue("weight").toString().replaceAll("\\.0$", ""));
        assertThat(page.getByTestId("plan-max-running")).hasText(String.valueOf(plan.getInteger("maxRunningBatches")));
        // the vendor's own off-peak hours
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change").setExact(true)).click();
        page.getByLabel(Pattern.compile("^From")).fill("23:00");
        page.getByLabel(Pattern.compile("^To\\b")).fill("05:00");
        page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Time zone")).fill("Europe/Berlin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save hours")).click();
        assertThat(page.getByTestId("off-peak-window")).hasText(Pattern.compile("^23:00(:00)? to 05:00(:00)? \\(Europe/Berlin\\)$"));
        given().auth().oauth2(token).when().get("/api/vendor/media/off-peak-window").then().statusCode(200)
                .body("timeZone", equalTo("Europe/Berlin")).body("platformDefault", equalTo(false));
        studio.screenshot("queue-plan-and-window");
        studio.assertAccessible("the queue with the plan and off-peak hours");

        // a batch scheduled in two days is moved into those hours
        String template = given().auth().oauth2(token).contentType(ContentType.JSON).body(new JsonObject().put("name", "Later " + UUID.randomUUID())
                .put("category", "product").put("promptText", "{product_name} at dawn").encode())
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        String in2Days = java.time.Instant.now().plus(java.time.Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        String batchId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("templateId", template).put("scheduledFor", in2Days)
                        .put("rows", new JsonArray().add(new JsonObject().put("product_name", "Dawn jar"))).encode())
                .when().post("/api/vendor/media/generate/batch").then().statusCode(202).body("status", equalTo("scheduled")).extract().path("id");
        try {
            studio.open("/batches/" + batchId);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Move")).click();
            Locator move = page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Move the scheduled batch"));
            move.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("In the next off-peak hours")).check();
            studio.assertAccessible("moving a scheduled batch");
            move.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Move batch")).click();
            assertThat(move).isHidden();
            String moved = given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch/" + batchId).then().statusCode(200)
                    .body("status", equalTo("scheduled")).extract().path("scheduledFor");
            java.time.ZonedDateTime berlin = java.time.Instant.parse(moved).atZone(java.time.ZoneId.of("Europe/Berlin"));
            assertThat(berlin.getHour() == 23 || berlin.getHour() < 5).as("starts in the vendor's off-peak hours: " + berlin).isTrue();
            assertThat(java.time.Instant.parse(moved)).isBefore(java.time.Instant.parse(in2Days));
        } finally {
            given().auth().oauth2(token).when().delete("/api/vendor/media/generate/batch/" + batchId);
            given().auth().oauth2(token).when().delete("/api/vendor/media/off-peak-window").then().statusCode(200);
        }
    }

    @Test
    @Order(12)
    void anAdminHidesAListingWithAReasonItsAuthorReadsAndListsItAgain() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String author = platform.vendorToken("moderated-" + marker);
        String templateId = given().auth().oauth2(author).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "Loud banner " + marker).put("category", "product")
                        .put("promptText", "{product_name} with a huge neon discount banner").encode())
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        String listingId = given().auth().oauth2(author).contentType(ContentType.JSON).body(new JsonObject().put("templateId", templateId).encode())
                .when().post("/api/vendor/media/marketplace/templates").then().statusCode(201).extract().path("id");
        Page ops = operator().page;
        operator.open("/marketplace/" + listingId);
        ops.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hide").setExact(true)).click();
        Locator dialog = ops.getByRole(AriaRole.DIALOG);
        dialog.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Reason")).fill("Discount claims are not allowed");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Hide listing")).click();
        assertThat(ops.getByText("Hidden by an admin")).isVisible();
        assertThat(ops.getByText("Discount claims are not allowed", new Page.GetByTextOptions().setExact(false))).isVisible();
        operator.screenshot("listing-hidden");
        operator.assertAccessible("a hidden listing, as an admin sees it");
        // its author reads why; other vendors no longer find it
        given().auth().oauth2(author).when().get("/api/vendor/media/marketplace/templates/" + listingId).then().statusCode(200)
                .body("status", equalTo("hidden")).body("hiddenReason", equalTo("Discount claims are not allowed"));
        given().auth().oauth2(token).when().get("/api/vendor/media/marketplace/templates?q=" + marker).then().statusCode(200)
                .body("total", equalTo(0));

        ops.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Unhide")).click();
        assertThat(ops.getByText("Hidden by an admin")).isHidden();
        given().auth().oauth2(token).when().get("/api/vendor/media/marketplace/templates?q=" + marker).then().statusCode(200)
                .body("total", equalTo(1));
        // a vendor's own session offers neither
        studio.open("/marketplace/" + listingId);
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Install"))).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hide").setExact(true))).hasCount(0);
    }

    @Test
    @Order(12)
    void anOperatorSeesTheLanesAndAPausedModelResumesItAndSetsAVendorsPlan() throws Exception {
        platform.ensureOwnWorker();
        String admin = platform.adminToken(VENDOR);
        // the fleet has called the default model (an image of the vendor's), so it has a state to show
        String itemId = given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"prompt\": \"a walnut humidor, studio light\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(token).when().get("/api/vendor/media/generate/" + itemId).then()
                .body("status", equalTo("completed")));
        String account = new JsonObject(given().auth().oauth2(admin).when().get("/api/worker/providers").then().statusCode(200).extract()
                .asString()).getJsonArray("models").stream().map(JsonObject.class::cast).filter(m -> "gpt-image-2".equals(m.getString("model")))
                .findFirst().orElseThrow().getString("account");
        String vendorId = Claims.vendorIdFor(VENDOR).toString();
        String batchId = null;
        StudioBrowser operator = operator();
        try {
            // the account needs an operator: the fleet pauses the model, as a refused account makes it, and a batch waits
            assertThat(Databases.execute("worker", "UPDATE rate_limits SET paused_until = now() + interval '10 minutes',"
                    + " pause_reason = 'insufficient_quota' WHERE key = ?", account + ":gpt-image-2")).isEqualTo(1);
            String template = given().auth().oauth2(token).contentType(ContentType.JSON).body(new JsonObject().put("name", "Held " + UUID.randomUUID())
                    .put("category", "product").put("promptText", "{product_name} on a walnut counter").encode())
                    .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
            JsonArray rows = new JsonArray();
            for (int i = 0; i < 40; i++) {
                rows.add(new JsonObject().put("product_name", "Operators jar " + i));
            }
            batchId = given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(new JsonObject().put("templateId", template).put("rows", rows).put("fresh", true).encode())
                    .when().post("/api/vendor/media/generate/batch").then().statusCode(202).extract().path("id");
            // nothing ends while the model is paused: the standard lane holds the 40, waiting or in the fleet, and once the
            // releaser has filled the fleet's window the figures stand still
            JsonObject[] last = { null };
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                JsonObject now = new JsonObject(given().auth().oauth2(admin).when().get("/api/vendor/media/admin/queue").then()
                        .statusCode(200).extract().asString()).getJsonObject("lanes").getJsonObject("standard");
                boolean still = now.equals(last[0]) && now.getLong("waiting") + now.getLong("inFleet") >= 40;
                last[0] = now;
                return still;
            });
            JsonObject standard = last[0];

            Page ops = operator.page;
            operator.open("/");
            ops.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Operators")).click();
            Locator model = ops.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Providers by model")).getByRole(AriaRole.ROW)
                    .filter(new Locator.FilterOptions().setHasText("gpt-image-2")).first();
            assertThat(model).containsText("Paused");
            assertThat(model).containsText("insufficient_quota");
            assertThat(ops.getByTestId("figure-provider")).hasText("openai");
            Locator standardRow = ops.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Lanes")).getByRole(AriaRole.ROW)
                    .filter(new Locator.FilterOptions().setHasText("Standard"));
            assertThat(standardRow.getByRole(AriaRole.CELL).nth(1)).hasText(String.valueOf(standard.getLong("waiting")));
            assertThat(standardRow.getByRole(AriaRole.CELL).nth(3)).hasText(String.valueOf(standard.getLong("inFleet")));
            long deadLetters = new JsonObject(given().auth().oauth2(admin).when().get("/api/worker/providers").then().extract().asString())
                    .getLong("deadLetters");
            assertThat(ops.getByTestId("figure-dead-letters")).hasText(String.valueOf(deadLetters));
            if (standard.getLong("waiting") > 0) {
                assertThat(ops.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Largest backlogs"))).containsText(vendorId);
            }
            operator.screenshot("operators");
            operator.assertAccessible("the operators' view");

            // the vendor's plan: a weight of 2 in the fair queue, as the API then answers
            ops.getByLabel("Vendor id").fill(vendorId);
            ops.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open plan")).click();
            Locator drawer = ops.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Vendor plan"));
            assertThat(drawer).containsText(vendorId);
            drawer.getByRole(AriaRole.TEXTBOX, new Locator.GetByRoleOptions().setName("Weight in the fair queue")).fill("2");
            operator.screenshot("operators-plan");
            operator.assertAccessible("a vendor's plan");
            drawer.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save plan")).click();
            assertThat(drawer).isHidden();
            given().auth().oauth2(admin).when().get("/api/vendor/media/admin/vendors/" + vendorId + "/plan").then().statusCode(200)
                    .body("weight", equalTo(2.0f)).body("overrides.weight", equalTo(2.0f));

            // an outbox event Kafka refused (as a record over the broker's limit is), mended since: sent again from the page
            UUID refused = UUID.randomUUID();
            UUID refusedTemplate = UUID.randomUUID();
            int kept = given().auth().oauth2(admin).when().get("/api/vendor/media/admin/dead-letters/template-service").then().statusCode(200)
                    .extract().path("count");
            Databases.execute("template", "INSERT INTO outbox_dead_letter (id, topic, aggregate_id, type, payload_bytes, payload, reason)"
                    + " VALUES (?, 'studio.templates', ?, 'template.created', 60, ?, 'RecordTooLargeException: over the broker''s limit')",
                    refused, refusedTemplate.toString(), new JsonObject().put("templateId", refusedTemplate.toString()).put("name", "mended").put("version", 1).encode());
            Locator outboxDeadLetters = ops.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Outbox dead letters"));
            assertThat(outboxDeadLetters.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText("RecordTooLargeException"))).hasCount(1);
            assertThat(ops.getByTestId("dead-letters-template-service")).hasText(String.valueOf(kept + 1));
            operator.screenshot("operators-dead-letters");
            outboxDeadLetters.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send again: template.created " + refused)).click();
            assertThat(ops.getByTestId("dead-letters-template-service")).hasText(String.valueOf(kept));
            given().auth().oauth2(admin).when().get("/api/vendor/media/admin/dead-letters/template-service").then().statusCode(200)
                    .body("count", equalTo(kept));

            model.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Resume: gpt-image-2")).click();
            assertThat(model).containsText("Running");
            given().auth().oauth2(admin).when().get("/api/worker/providers").then().statusCode(200)
                    .body("models.find { it.model == 'gpt-image-2' }.paused", equalTo(false));
            // the acme vendor's own session has no Operators page
            studio.open("/");
            assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                    .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Operators"))).hasCount(0);
        } finally {
            Databases.execute("worker", "UPDATE rate_limits SET paused_until = NULL, pause_reason = NULL WHERE key = ?", account + ":gpt-image-2");
            given().auth().oauth2(admin).contentType(ContentType.JSON).body("{}").when().put("/api/vendor/media/admin/vendors/" + vendorId + "/plan")
                    .then().statusCode(200);
            if (batchId != null) {
                given().auth().oauth2(token).when().delete("/api/vendor/media/generate/batch/" + batchId);
            }
        }
    }

    private static String startBatch(String name, int rows, java.util.function.IntFunction<String> productName) {
        JsonArray body = new JsonArray();
        for (int i = 0; i < rows; i++) {
            body.add(new JsonObject().put("product_name", productName.apply(i)).put("strain_type", "hybrid"));
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", name).put("templateId", templateId).put("rows", body).put("fresh", true).encode())
                .when().post("/api/vendor/media/generate/batch").then().statusCode(202).extract().path("id");
    }

    private static FilePayload csv(String name, String content) {
        return new FilePayload(name, "text/csv", content.getBytes(StandardCharsets.UTF_8));
    }

    /** As the studio writes money (Intl's en-US currency, two to four decimals): $0.0165, $1,204.50. */
    private static String usd(Object amount) {
        java.text.NumberFormat format = java.text.NumberFormat.getCurrencyInstance(java.util.Locale.US);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(4);
        format.setRoundingMode(java.math.RoundingMode.HALF_UP);
        return format.format(new java.math.BigDecimal(amount.toString()));
    }

    /** As the dashboard writes a ratio: 95.2%. */
    private static String percent(Double ratio) {
        return ratio == null ? "—" : (Math.round(ratio * 1000) / 10.0 + "%").replace(".0%", "%");
    }
}
