package studio.template.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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

/** Recommendations per product category follow the success metrics of the batches that used each template and style. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = {@ResourceArg(name = "database", value = "template"),
        @ResourceArg(name = "llm", value = "true")})
class RecommendationTest {

    private static final String TEMPLATES = "/api/vendor/media/prompt-templates";

    @Test
    void theTemplateAndStyleThatWorkedBestComeFirst() {
        String vendorName = "recommend-" + UUID.randomUUID();
        String token = Devstack.shared().oidc().vendorToken(vendorName);
        UUID vendor = Claims.vendorIdFor(vendorName);
        String run = UUID.randomUUID().toString().substring(0, 6);
        UUID good = UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Gummy zest " + run, "promptText", "{product_name} gummies on slate, food photography, soft light"))
                .when().post(TEMPLATES).then().statusCode(201).extract().<String>path("id"));
        UUID poor = UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Gummy pile " + run, "promptText", "a pile of {product_name} gummies"))
                .when().post(TEMPLATES).then().statusCode(201).extract().<String>path("id"));
        UUID luxury = UUID.randomUUID();
        UUID cartoon = UUID.randomUUID();

        try (TopicWriter writer = new TopicWriter()) {
            // the good template (named to sort last, so only its figures can put it first) with one style: 4 of 4 at the first attempt
            batch(writer, vendor, good, luxury, new int[] {1, 1, 1, 1}, new boolean[] {true, true, true, true});
            // the poor one with another: 2 of 4, two of them after a second attempt
            batch(writer, vendor, poor, cartoon, new int[] {1, 1, 2, 2}, new boolean[] {false, false, true, true});
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath picks = given().auth().oauth2(token).when().get("/api/vendor/media/recommendations?category=edibles&limit=50")
                    .then().statusCode(200).extract().jsonPath();
            List<String> ids = picks.getList("templates.id");
            assertThat(ids).contains(good.toString(), poor.toString());
            assertThat(ids.indexOf(good.toString())).isLessThan(ids.indexOf(poor.toString()));
            Map<String, Object> goodPick = picks.getMap("templates.find { it.id == '" + good + "' }");
            Map<String, Object> poorPick = picks.getMap("templates.find { it.id == '" + poor + "' }");
            assertThat(goodPick).containsEntry("successRate", 1.0f).containsEntry("source", "yours");
            assertThat(poorPick).containsEntry("successRate", 0.5f).containsEntry("regenerationRate", 0.5f);
            assertThat((String) poorPick.get("why")).contains("50% of 4 images succeeded").contains("50% needed another attempt");
            List<String> styles = picks.getList("styles.styleId");
            assertThat(styles).contains(luxury.toString(), cartoon.toString());
            assertThat(styles.indexOf(luxury.toString())).isLessThan(styles.indexOf(cartoon.toString()));
        });

        given().auth().oauth2(token).when().get("/api/vendor/media/recommendations?category=spaceships&limit=0").then().statusCode(400)
                .body("errors.field", hasItem("category")).body("errors.field", hasItem("limit"));
    }

    /** A batch of the template with the style: its creation, each item's job(s) and result, and its end. */
    private static void batch(TopicWriter writer, UUID vendor, UUID template, UUID style, int[] attempts, boolean[] succeeded) {
        UUID batch = UUID.randomUUID();
        int n = attempts.length;
        var created = new BatchEvent.Created(batch, vendor, template, 1, n, style);
        writer.send(Topics.BATCHES, batch.toString(), created.type(), JsonObject.mapFrom(created).encode());
        int completed = 0;
        for (int i = 0; i < n; i++) {
            UUID item = UUID.randomUUID();
            for (int attempt = 1; attempt <= attempts[i]; attempt++) {
                var job = new GenerationJob(item, batch, vendor, attempt, Lane.STANDARD, "gummies " + i, "gpt-image-2", Map.of(), null);
                writer.send(job.topic(), item.toString(), job.type(), JsonObject.mapFrom(job).encode());
            }
            GenerationResult result = succeeded[i]
                    ? new GenerationResult.Completed(item, batch, vendor, attempts[i], "placeholder", "gpt-image-2", "images/" + item + ".png",
                            "thumbnails/" + item + ".png", null, 5, null, null)
                    : new GenerationResult.Failed(item, batch, vendor, attempts[i], "placeholder", "gpt-image-2", "content_policy_violation",
                            "refused", null, null, null);
            completed += succeeded[i] ? 1 : 0;
            writer.send(Topics.GENERATION_RESULTS, item.toString(), result.type(), JsonObject.mapFrom(result).encode());
        }
        var done = new BatchEvent.Completed(batch, vendor, new BatchEvent.Counters(n, completed, n - completed, 0));
        writer.send(Topics.BATCHES, batch.toString(), done.type(), JsonObject.mapFrom(done).encode());
    }
}
