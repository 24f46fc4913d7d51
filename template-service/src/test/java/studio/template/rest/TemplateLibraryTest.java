package studio.template.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import studio.common.events.BatchEvent;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import studio.common.events.Topics;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicWriter;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = {@ResourceArg(name = "database", value = "template"),
        @ResourceArg(name = "llm", value = "true")})
class TemplateLibraryTest {

    private static final String TEMPLATES = "/api/vendor/media/prompt-templates";
    private static final String PRODUCT_ON_WHITE = "10000000-0000-4000-8000-000000000001";

    private static String vendor(String name) {
        return Devstack.shared().oidc().vendorToken(name);
    }

    private static String admin() {
        return Devstack.shared().oidc().adminToken("platform");
    }

    private static String create(String token, String json) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(json)
                .when().post(TEMPLATES).then().statusCode(201).extract().path("id");
    }

    @Test
    void publicTemplatesAreReadableByEveryVendorAndForkable() {
        given().auth().oauth2(vendor("anyone")).when().get(TEMPLATES + "/public?size=100").then().statusCode(200)
                .body("total", greaterThanOrEqualTo(10)).body("items.isPublic", everyItem(equalTo(true)));
        given().auth().oauth2(vendor("anyone")).when().get(TEMPLATES + "/public?category=social").then()
                .body("items.category", everyItem(equalTo("social"))).body("items", not(hasSize(0)));

        String token = vendor("forker-" + UUID.randomUUID());
        String fork = given().auth().oauth2(token).when().post(TEMPLATES + "/" + PRODUCT_ON_WHITE + "/fork")
                .then().statusCode(201).body("isPublic", equalTo(false)).body("forkedFrom", equalTo(PRODUCT_ON_WHITE))
                .body("version", equalTo(1)).extract().path("id");
        given().auth().oauth2(token).when().get(TEMPLATES).then().body("items.id", contains(fork));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rows\": [{\"product_name\": \"Blue Dream\", \"category\": \"flower\"}]}")
                .when().post(TEMPLATES + "/" + fork + "/render").then().statusCode(200)
                .body("invalidRows", equalTo(0))
                .body("rows[0].prompt", org.hamcrest.Matchers.startsWith("Blue Dream, flower product photo"));
    }

    @Test
    void onlyAdminsWritePublicTemplates() {
        String body = "{\"name\": \"Mine now\", \"promptText\": \"{product_name}\"}";
        given().auth().oauth2(vendor("sneaky")).contentType(ContentType.JSON).body(body)
                .when().put(TEMPLATES + "/" + PRODUCT_ON_WHITE).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(vendor("sneaky")).when().delete(TEMPLATES + "/" + PRODUCT_ON_WHITE).then().statusCode(403);
        given().auth().oauth2(vendor("sneaky")).contentType(ContentType.JSON)
                .body("{\"name\": \"Public?\", \"promptText\": \"{product_name}\", \"isPublic\": true}")
                .when().post(TEMPLATES).then().statusCode(403);

        String id = create(admin(), "{\"name\": \"Admin special " + UUID.randomUUID() + "\", \"promptText\": \"{product_name} on a beach\", \"isPublic\": true}");
        given().auth().oauth2(vendor("anyone")).when().get(TEMPLATES + "/" + id).then().statusCode(200).body("isPublic", equalTo(true));
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"name\": \"Admin special\", \"promptText\": \"{product_name} on a sunny beach\", \"isPublic\": true}")
                .when().put(TEMPLATES + "/" + id).then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void editingKeepsEveryVersionAndOldVersionsStillRender() {
        String token = vendor("editor");
        String id = create(token, "{\"name\": \"Versioned\", \"promptText\": \"{product_name} on white\"}");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Versioned\", \"promptText\": \"{product_name} on black\"}")
                .when().put(TEMPLATES + "/" + id).then().statusCode(200).body("version", equalTo(2))
                .body("promptText", equalTo("{product_name} on black"));

        given().auth().oauth2(token).when().get(TEMPLATES + "/" + id + "/versions").then().statusCode(200)
                .body("version", contains(2, 1));
        given().auth().oauth2(token).when().get(TEMPLATES + "/" + id + "/versions/1").then().statusCode(200)
                .body("promptText", equalTo("{product_name} on white"));
        given().auth().oauth2(token).when().get(TEMPLATES + "/" + id + "/versions/9").then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rows\": [{\"product_name\": \"OG\"}]}")
                .when().post(TEMPLATES + "/" + id + "/render?version=1").then().statusCode(200)
                .body("version", equalTo(1)).body("rows[0].prompt", equalTo("OG on white"));
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        String token = vendor("careless-" + UUID.randomUUID());
        String id = create(token, "{\"name\": \"Keeper\", \"promptText\": \"{product_name} kept\"}");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "n".repeat(256)).put("promptText", "").put("category", "poster").encode())
                .when().post(TEMPLATES).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("name", "promptText", "category"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Keeper\", \"promptText\": \"{product_name} {broken\"}")
                .when().put(TEMPLATES + "/" + id).then().statusCode(400).body("errors.field", contains("promptText"));
        given().auth().oauth2(token).when().get(TEMPLATES).then().body("total", equalTo(1))
                .body("items[0].promptText", equalTo("{product_name} kept")).body("items[0].version", equalTo(1));
    }

    @Test
    void changesAreAnnouncedThroughTheOutbox() {
        String token = vendor("announcer");
        String id = create(token, "{\"name\": \"Announced\", \"promptText\": \"{product_name}\"}");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"name\": \"Announced\", \"promptText\": \"{product_name}!\"}")
                .when().put(TEMPLATES + "/" + id).then().statusCode(200);
        given().auth().oauth2(token).when().delete(TEMPLATES + "/" + id).then().statusCode(204);
        try (var reader = new studio.devstack.testing.TopicReader(Topics.TEMPLATES)) {
            var types = reader.readUntil(r -> id.equals(r.key()), found -> found.size() >= 3, Duration.ofSeconds(60)).stream()
                    .map(r -> studio.common.events.CloudEventHeaders.read(r.headers()).get(studio.common.events.CloudEventHeaders.TYPE))
                    .toList();
            org.assertj.core.api.Assertions.assertThat(types).containsExactly("template.created", "template.updated", "template.deleted");
        }
    }

    @Test
    void deletedTemplatesDisappearAndOthersCannotTouchThem() {
        String token = vendor("deleter");
        String id = create(token, "{\"name\": \"Short-lived\", \"promptText\": \"{product_name}\"}");
        given().auth().oauth2(vendor("other")).when().delete(TEMPLATES + "/" + id).then().statusCode(404);
        given().auth().oauth2(vendor("other")).contentType(ContentType.JSON).body("{\"name\": \"x\", \"promptText\": \"y\"}")
                .when().put(TEMPLATES + "/" + id).then().statusCode(404);
        given().auth().oauth2(token).when().delete(TEMPLATES + "/" + id).then().statusCode(204);
        given().auth().oauth2(token).when().get(TEMPLATES + "/" + id).then().statusCode(404);
        given().auth().oauth2(token).when().get(TEMPLATES).then().body("items.id", not(hasItem(id)));
    }

    @Test
    void malformedOrUndeclaredPlaceholdersAreRefusedAndDeclaredDefaultsApply() {
        String token = vendor("typist");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Broken\", \"promptText\": \"{product name} and {unclosed\"}")
                .when().post(TEMPLATES).then().statusCode(400)
                .body("errors.field", contains("promptText", "promptText"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("{product name}"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Undeclared\", \"promptText\": \"{product_name} with {garnish}\"}")
                .when().post(TEMPLATES).then().statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.containsString("{garnish}"));

        String id = create(token, """
                {"name": "Declared", "promptText": "{product_name} with {garnish} and a literal \\\\{brace}",
                 "variables": [{"name": "garnish", "description": "What decorates it", "defaultValue": "mint leaves"}]}""");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"rows\": [{\"product_name\": \"Gummies\"}]}")
                .when().post(TEMPLATES + "/" + id + "/render").then().statusCode(200)
                .body("rows[0].prompt", equalTo("Gummies with mint leaves and a literal {brace}"))
                .body("invalidRows", equalTo(0));
    }

    @Test
    void promptLengthIsCheckedAgainstTheTargetModel() {
        String longPrompt = "{product_name} " + "x".repeat(1000);
        given().auth().oauth2(vendor("verbose")).contentType(ContentType.JSON)
                .body(new JsonObject().put("name", "Too long").put("promptText", longPrompt)
                        .put("parameters", new JsonObject().put("model", "dall-e-2")).encode())
                .when().post(TEMPLATES).then().statusCode(400)
                .body("errors.field", contains("promptText"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("dall-e-2 takes at most 1000"));
        create(vendor("verbose"), new JsonObject().put("name", "Fine for GPT image").put("promptText", longPrompt).encode());
        given().auth().oauth2(vendor("verbose")).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"promptText\": \"{product_name}\", \"parameters\": {\"model\": \"midjourney\"}}")
                .when().post(TEMPLATES).then().statusCode(400).body("errors.field", contains("parameters.model"));
    }

    @Test
    void aTemplateKeepsTheModelsParametersAndItsDefaultStyleStrengthAndNothingElse() {
        String token = vendor("tuner-" + UUID.randomUUID());
        String id = create(token, "{\"name\": \"Tuned\", \"promptText\": \"{product_name}\", \"parameters\": {\"quality\": \"high\", \"styleStrength\": 70}}");
        given().auth().oauth2(token).when().get(TEMPLATES + "/" + id).then().statusCode(200)
                .body("parameters.quality", equalTo("high")).body("parameters.styleStrength", equalTo(70));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"x\", \"promptText\": \"{product_name}\", \"parameters\": {\"styleStrength\": 150, \"cfg\": 7}}")
                .when().post(TEMPLATES).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("parameters.styleStrength", "parameters.cfg"));
    }

    @Test
    void listingFiltersSortsAndPages() {
        String token = vendor("librarian-" + UUID.randomUUID());
        create(token, "{\"name\": \"Banana banner\", \"category\": \"marketing\", \"promptText\": \"{product_name} banner\"}");
        create(token, "{\"name\": \"Apple square\", \"category\": \"social\", \"style\": \"minimalist\", \"promptText\": \"{product_name} square\"}");
        create(token, "{\"name\": \"Cherry story\", \"category\": \"social\", \"description\": \"a vertical story\", \"promptText\": \"{product_name}\"}");

        given().auth().oauth2(token).when().get(TEMPLATES + "?sort=name").then().statusCode(200)
                .body("total", equalTo(3)).body("items.name", contains("Apple square", "Banana banner", "Cherry story"));
        given().auth().oauth2(token).when().get(TEMPLATES + "?category=social&sort=name").then()
                .body("items.name", contains("Apple square", "Cherry story"));
        given().auth().oauth2(token).when().get(TEMPLATES + "?style=minimalist").then().body("items.name", contains("Apple square"));
        given().auth().oauth2(token).when().get(TEMPLATES + "?q=VERTICAL").then().body("items.name", contains("Cherry story"));
        given().auth().oauth2(token).when().get(TEMPLATES + "?sort=name&size=2&page=1").then()
                .body("total", equalTo(3)).body("items.name", contains("Cherry story"));
        given().auth().oauth2(token).when().get(TEMPLATES + "?sort=popularity&category=poster").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("sort", "category"));
    }

    @Test
    void livePreviewRendersUnsavedTextAndListsProblems() {
        given().auth().oauth2(vendor("editor")).contentType(ContentType.JSON)
                .body("{\"promptText\": \"{product_name} on {background}\", \"sample\": {\"product_name\": \"Blue Dream\"},"
                        + " \"variables\": [{\"name\": \"background\", \"defaultValue\": \"white\"}], \"model\": \"dall-e-3\"}")
                .when().post(TEMPLATES + "/preview").then().statusCode(200)
                .body("prompt", equalTo("Blue Dream on white")).body("problems", hasSize(0))
                .body("maxLength", equalTo(4000)).body("model", equalTo("dall-e-3"));
        given().auth().oauth2(vendor("editor")).contentType(ContentType.JSON)
                .body("{\"promptText\": \"{product_name} on {backdrop\", \"sample\": {}}")
                .when().post(TEMPLATES + "/preview").then().statusCode(200)
                .body("problems", hasSize(1)).body("missing", contains("product_name"));
    }

    @Test
    void usageIsCountedFromBatchEventsOnce() {
        String vendorName = "user-" + UUID.randomUUID();
        String token = vendor(vendorName);
        String id = create(token, "{\"name\": \"Used\", \"promptText\": \"{product_name}\"}");
        UUID template = UUID.fromString(id);
        UUID batch = UUID.randomUUID();
        UUID vendorId = Claims.vendorIdFor(vendorName);
        var created = new BatchEvent.Created(batch, vendorId, template, 1, 4);
        var completed = new BatchEvent.Completed(batch, vendorId, new BatchEvent.Counters(4, 3, 1, 0));
        try (TopicWriter writer = new TopicWriter()) {
            String createdId = writer.send(Topics.BATCHES, batch.toString(), created.type(), JsonObject.mapFrom(created).encode());
            writer.sendWithId(Topics.BATCHES, batch.toString(), created.type(), JsonObject.mapFrom(created).encode(), createdId);
            writer.send(Topics.BATCHES, batch.toString(), completed.type(), JsonObject.mapFrom(completed).encode());
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get(TEMPLATES + "/" + id + "/stats").then().statusCode(200)
                .body("usageCount", equalTo(1)).body("imagesAttempted", equalTo(4))
                .body("imagesSucceeded", equalTo(3)).body("imagesFailed", equalTo(1))
                .body("successRate", equalTo(0.75f)));
        given().auth().oauth2(vendor("nosy")).when().get(TEMPLATES + "/" + id + "/stats").then().statusCode(404);
        given().auth().oauth2(token).when().get(TEMPLATES + "?sort=usage").then().body("items[0].id", equalTo(id));
    }

    @Test
    void promptHistoryIsBuiltFromJobsAndResultsInAnyOrder() {
        String vendorName = "historian-" + UUID.randomUUID();
        String token = vendor(vendorName);
        UUID vendorId = Claims.vendorIdFor(vendorName);
        String id = create(token, "{\"name\": \"Historic\", \"promptText\": \"{product_name} in a museum\"}");
        UUID batch = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        var created = new BatchEvent.Created(batch, vendorId, UUID.fromString(id), 1, 2);
        var firstDone = new GenerationResult.Completed(first, batch, vendorId, 1, "placeholder", "gpt-image-2", "images/a.png",
                "thumbnails/a.png", null, 5, null, null);
        var firstJob = new GenerationJob(first, batch, vendorId, 1, Lane.STANDARD, "Amber jar in a museum", "gpt-image-2", Map.of("quality", "low"), null);
        var secondJob = new GenerationJob(second, batch, vendorId, 1, Lane.STANDARD, "Blue box in a museum", "gpt-image-2", Map.of(), null);
        var secondRetry = new GenerationJob(second, batch, vendorId, 2, Lane.STANDARD, "Blue box in a museum", "gpt-image-2", Map.of(), null);
        var secondDone = new GenerationResult.Completed(second, batch, vendorId, 2, "placeholder", "gpt-image-2", "images/b.png",
                "thumbnails/b.png", null, 5, null, null);
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.GENERATION_RESULTS, first.toString(), firstDone.type(), JsonObject.mapFrom(firstDone).encode());
            writer.send(firstJob.topic(), first.toString(), firstJob.type(), JsonObject.mapFrom(firstJob).encode());
            writer.send(secondJob.topic(), second.toString(), secondJob.type(), JsonObject.mapFrom(secondJob).encode());
            writer.send(secondRetry.topic(), second.toString(), secondRetry.type(), JsonObject.mapFrom(secondRetry).encode());
            writer.send(Topics.GENERATION_RESULTS, second.toString(), secondDone.type(), JsonObject.mapFrom(secondDone).encode());
            writer.send(Topics.BATCHES, batch.toString(), created.type(), JsonObject.mapFrom(created).encode());
        }
        String history = "/api/vendor/media/prompt-history";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get(history + "?templateId=" + id).then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.status", everyItem(equalTo("completed")))
                .body("items.prompt", containsInAnyOrder("Amber jar in a museum", "Blue box in a museum"))
                .body("items.find { it.itemId == '" + second + "' }.attempts", equalTo(2)));
        given().auth().oauth2(token).when().get(history + "?q=AMBER").then().body("items.itemId", contains(first.toString()));
        given().auth().oauth2(token).when().get(history + "?status=failed").then().body("total", equalTo(0));
        given().auth().oauth2(token).when().get(history + "?status=lost").then().statusCode(400).body("errors.field", contains("status"));
        given().auth().oauth2(token).when().get(history + "/" + first + "/similar").then().statusCode(200)
                .body("prompt", equalTo("Amber jar in a museum")).body("model", equalTo("gpt-image-2"))
                .body("parameters.quality", equalTo("low")).body("templateId", equalTo(id)).body("templateVersion", equalTo(1));
        given().auth().oauth2(vendor("nosy")).when().get(history + "/" + first + "/similar").then().statusCode(404);
        given().auth().oauth2(token).when().get(TEMPLATES + "/" + id + "/stats").then().body("regenerationRate", equalTo(0.5f));
    }
}
