package studio.template.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
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

    @Test
    void theVendorsRatingsOfATemplatesImagesFeedItsStatsAndItsRecommendation() {
        String vendorName = "ratings-" + UUID.randomUUID();
        String token = Devstack.shared().oidc().vendorToken(vendorName);
        UUID vendor = Claims.vendorIdFor(vendorName);
        String run = UUID.randomUUID().toString().substring(0, 6);
        // the same figures apart from the ratings; the liked one is named to sort last
        UUID liked = UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Vape zz " + run, "promptText", "{product_name} vape pen on marble"))
                .when().post(TEMPLATES).then().statusCode(201).extract().<String>path("id"));
        UUID disliked = UUID.fromString(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Vape aa " + run, "promptText", "{product_name} vape pen on concrete"))
                .when().post(TEMPLATES).then().statusCode(201).extract().<String>path("id"));
        Instant now = Instant.now();
        try (TopicWriter writer = new TopicWriter()) {
            Batch good = batch(writer, vendor, liked, null, new int[] {1, 1}, new boolean[] {true, true});
            Batch bad = batch(writer, vendor, disliked, null, new int[] {1, 1}, new boolean[] {true, true});
            rate(writer, good, 0, 5, now);
            rate(writer, good, 1, 4, now);
            rate(writer, bad, 0, 1, now);
            rate(writer, bad, 1, 2, now);
            // the second image's rating is taken back, and an older rating arriving late changes nothing
            rate(writer, bad, 1, null, now.plusSeconds(1));
            rate(writer, good, 0, 1, now.minusSeconds(60));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().auth().oauth2(token).when().get(TEMPLATES + "/" + liked + "/stats").then().statusCode(200)
                    .body("ratedImages", org.hamcrest.Matchers.equalTo(2)).body("averageImageRating", org.hamcrest.Matchers.equalTo(4.5f));
            given().auth().oauth2(token).when().get(TEMPLATES + "/" + disliked + "/stats").then().statusCode(200)
                    .body("ratedImages", org.hamcrest.Matchers.equalTo(1)).body("averageImageRating", org.hamcrest.Matchers.equalTo(1.0f));
            JsonPath picks = given().auth().oauth2(token).when().get("/api/vendor/media/recommendations?category=vapes&limit=50")
                    .then().statusCode(200).extract().jsonPath();
            List<String> ids = picks.getList("templates.id");
            assertThat(ids.indexOf(liked.toString())).isGreaterThanOrEqualTo(0).isLessThan(ids.indexOf(disliked.toString()));
            Map<String, Object> pick = picks.getMap("templates.find { it.id == '" + liked + "' }");
            assertThat(pick).containsEntry("imageRatingAverage", 4.5f).containsEntry("imageRatingCount", 2);
            assertThat((String) pick.get("why")).contains("its images rated 4.5 on average (2 rating(s))");
        });
    }

    private static void rate(TopicWriter writer, Batch batch, int item, Integer rating, Instant at) {
        var rated = new BatchEvent.ItemRated(batch.id(), batch.vendor(), batch.items().get(item), rating, at);
        writer.send(Topics.BATCHES, batch.id().toString(), rated.type(), JsonObject.mapFrom(rated).encode());
    }

    /** A batch the test made: its id, vendor and items in row order. */
    private record Batch(UUID id, UUID vendor, List<UUID> items) {
    }

    /** A batch of the template with the style: its creation, each item's job(s) and result, and its end. */
    private static Batch batch(TopicWriter writer, UUID vendor, UUID template, UUID style, int[] attempts, boolean[] succeeded) {
        UUID batch = UUID.randomUUID();
        List<UUID> items = new java.util.ArrayList<>();
        int n = attempts.length;
        var created = new BatchEvent.Created(batch, vendor, template, 1, n, style);
        writer.send(Topics.BATCHES, batch.toString(), created.type(), JsonObject.mapFrom(created).encode());
        int completed = 0;
        for (int i = 0; i < n; i++) {
            UUID item = UUID.randomUUID();
            items.add(item);
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
        return new Batch(batch, vendor, items);
    }
}
