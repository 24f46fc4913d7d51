package studio.style.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import studio.common.events.GenerationResult;
import studio.common.events.Topics;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicWriter;

/**
 * The gallery's side of preview generation: the batch it asks batch-service for, the images it
 * keeps from the workers' results (also those that arrive before batch-service has answered), and
 * who may ask.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "style"))
@WithTestResource(BatchServiceWireMock.class)
class StyleGalleryTest {

    private static final String STYLES = "/api/vendor/media/style-presets";
    private static final String BATCHES = "/api/vendor/media/generate/batch";

    @BeforeEach
    void reset() {
        BatchServiceWireMock.server.resetAll();
    }

    private static String vendor(String name) {
        return Devstack.shared().oidc().vendorToken(name);
    }

    private static String ownStyle(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\": \"Gallery test\", \"basePromptSuffix\": \"soft pastel palette\"}")
                .when().post(STYLES).then().statusCode(201).extract().path("id");
    }

    @Test
    void previewsAreABatchThroughThePipelineAndTheirImagesAreKeptEvenWhenResultsComeFirst() {
        String token = vendor("gallery-" + UUID.randomUUID());
        String styleId = ownStyle(token);
        UUID batchId = UUID.randomUUID();
        // batch-service answers slowly: the workers' results for its batch arrive before the answer does
        BatchServiceWireMock.server.stubFor(post(urlPathEqualTo(BATCHES)).willReturn(aResponse().withStatus(202)
                .withFixedDelay(2500).withHeader("Content-Type", "application/json")
                .withBody("{\"id\": \"" + batchId + "\", \"totalImages\": 3, \"status\": \"pending\"}")));
        List<String> keys = new ArrayList<>();
        CompletableFuture<Void> results = CompletableFuture.runAsync(() -> {
            // once batch-service has the request (the preview request is recorded before it is sent), and
            // while its answer is delayed: a real batch's results can come no earlier than that
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !BatchServiceWireMock.server.findAll(postRequestedFor(urlPathEqualTo(BATCHES))).isEmpty());
            try (TopicWriter writer = new TopicWriter()) {
                for (int i = 0; i < 3; i++) {
                    UUID item = UUID.randomUUID();
                    String key = "images/v/" + batchId + "/" + item + ".png";
                    keys.add(key);
                    var done = new GenerationResult.Completed(item, batchId, UUID.randomUUID(), 1, "placeholder", "gpt-image-2",
                            key, key.replace("images/", "thumbnails/"), null, 10, null, null);
                    writer.send(Topics.GENERATION_RESULTS, item.toString(), done.type(), JsonObject.mapFrom(done).encode());
                }
                // a result of some other batch is not a preview
                UUID other = UUID.randomUUID();
                var unrelated = new GenerationResult.Completed(other, UUID.randomUUID(), UUID.randomUUID(), 1, "placeholder",
                        "gpt-image-2", "images/x.png", "thumbnails/x.png", null, 10, null, null);
                writer.send(Topics.GENERATION_RESULTS, other.toString(), unrelated.type(), JsonObject.mapFrom(unrelated).encode());
            }
        });

        given().auth().oauth2(token).when().post(STYLES + "/" + styleId + "/previews").then().statusCode(202)
                .header("Location", containsString(batchId.toString()))
                .body("batchId", org.hamcrest.Matchers.equalTo(batchId.toString())).body("images", org.hamcrest.Matchers.equalTo(3));
        results.join();

        BatchServiceWireMock.server.verify(1, postRequestedFor(urlPathEqualTo(BATCHES))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.matching("style-preview-[0-9a-f-]{36}"))
                .withRequestBody(equalToJson("""
                        {"templateId": "10000000-0000-4000-8000-000000000013", "styleId": "%s",
                         "parameters": {"size": "1024x1024", "quality": "low"}, "priority": "normal",
                         "rows": [{"product_name": "Blue Dream cannabis flower"}, {"product_name": "Fruit gummies in a glass jar"},
                                  {"product_name": "Slim vape pen"}]}""".formatted(styleId), true, true)));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get(STYLES + "/" + styleId + "/previews").then().statusCode(200)
                .body("$", hasSize(3))
                .body("imageUrl", everyItem(containsString("X-Amz-Signature=")))
                .body("imageUrl", everyItem(containsString("/studio-images/images/v/" + batchId + "/")))
                .body("thumbnailUrl", everyItem(containsString("/studio-images/thumbnails/v/" + batchId + "/"))));
        given().auth().oauth2(token).when().get(STYLES + "/gallery?size=100").then().statusCode(200)
                .body("items.find { it.style.id == '" + styleId + "' }.previews", hasSize(3))
                .body("items.find { it.style.name == 'Luxury' }.previews", hasSize(0));
    }

    @Test
    void onlyTheOwnerOrAnAdminMayGeneratePreviewsAndAFailedStartIsABadGateway() {
        String owner = vendor("owner-" + UUID.randomUUID());
        String styleId = ownStyle(owner);
        given().auth().oauth2(vendor("stranger")).when().post(STYLES + "/" + styleId + "/previews").then().statusCode(404);
        given().auth().oauth2(vendor("stranger")).when().get(STYLES + "/" + styleId + "/previews").then().statusCode(404);
        given().auth().oauth2(owner).when().post(STYLES + "/00000000-0000-4000-8000-000000000004/previews").then().statusCode(403);
        BatchServiceWireMock.server.verify(0, postRequestedFor(urlPathEqualTo(BATCHES)));

        BatchServiceWireMock.server.stubFor(post(urlPathEqualTo(BATCHES)).willReturn(aResponse().withStatus(503)));
        given().auth().oauth2(owner).when().post(STYLES + "/" + styleId + "/previews").then().statusCode(502)
                .contentType("application/problem+json").body("detail", containsString("nothing was started"));
        given().auth().oauth2(owner).when().get(STYLES + "/" + styleId + "/previews").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void anAdminStartsPreviewsForEveryPublicStyleWithoutAnyOnce() {
        given().auth().oauth2(vendor("plain")).when().post(STYLES + "/previews").then().statusCode(403);
        BatchServiceWireMock.server.verify(0, postRequestedFor(urlPathEqualTo(BATCHES)));

        BatchServiceWireMock.server.stubFor(post(urlPathEqualTo(BATCHES)).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"id\": \"{{randomValue type='UUID'}}\", \"totalImages\": 3}")));
        String admin = Devstack.shared().oidc().adminToken("platform");
        List<String> styles = given().auth().oauth2(admin).when().post(STYLES + "/previews").then().statusCode(202)
                .extract().jsonPath().getList("styleId", String.class);
        org.assertj.core.api.Assertions.assertThat(styles).contains("00000000-0000-4000-8000-000000000001",
                "00000000-0000-4000-8000-000000000004", "00000000-0000-4000-8000-000000000008").doesNotHaveDuplicates();
        BatchServiceWireMock.server.verify(styles.size(), postRequestedFor(urlPathEqualTo(BATCHES)));

        given().auth().oauth2(admin).when().post(STYLES + "/previews").then().statusCode(202).body("$", hasSize(0));
        BatchServiceWireMock.server.verify(styles.size(), postRequestedFor(urlPathEqualTo(BATCHES)));
    }
}
