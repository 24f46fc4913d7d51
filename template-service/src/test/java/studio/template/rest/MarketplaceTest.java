package studio.template.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import studio.common.events.BatchEvent;
import studio.common.events.Topics;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.testing.TopicWriter;

/** The marketplace between two vendors: publish, browse, install, review, the leaderboard, the author's figures, hiding. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = {@ResourceArg(name = "database", value = "template"),
        @ResourceArg(name = "llm", value = "true")})
class MarketplaceTest {

    private static final String MARKET = "/api/vendor/media/marketplace";
    private static final String TEMPLATES = "/api/vendor/media/prompt-templates";

    @Test
    void aTemplateGoesFromOneVendorToAnother() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String author = Devstack.shared().oidc().vendorToken("author-" + run);
        String buyerName = "buyer-" + run;
        String buyer = Devstack.shared().oidc().vendorToken(buyerName);
        String admin = Devstack.shared().oidc().adminToken("admin-" + run);
        String templateId = given().auth().oauth2(author).contentType(ContentType.JSON)
                .body(Map.of("name", "Frosty macro " + run, "category", "product", "description", "Macro shots that sell flower",
                        "promptText", "{product_name} cannabis flower, extreme macro, frost " + run + ", studio lighting"))
                .when().post(TEMPLATES).then().statusCode(201).extract().path("id");

        // not listed yet: nobody else sees it
        given().auth().oauth2(buyer).when().get(MARKET + "/templates/" + templateId).then().statusCode(404);
        given().auth().oauth2(buyer).contentType(ContentType.JSON).body(Map.of("templateId", templateId))
                .when().post(MARKET + "/templates").then().statusCode(404);
        given().auth().oauth2(author).contentType(ContentType.JSON).body(Map.of("templateId", templateId))
                .when().post(MARKET + "/templates").then().statusCode(201).body("status", equalTo("listed")).body("installs", equalTo(0));

        // browse and search
        given().auth().oauth2(buyer).when().get(MARKET + "/templates?q=frost " + run).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(templateId)).body("items[0].authorId", not(equalTo(null)));
        given().auth().oauth2(buyer).when().get(MARKET + "/templates?q=" + run + "&category=social").then().body("total", equalTo(0));
        given().auth().oauth2(buyer).when().get(MARKET + "/templates?sort=cheapest").then().statusCode(400).body("errors.field", hasItem("sort"));

        // install: a fork in the buyer's library
        String fork = given().auth().oauth2(buyer).when().post(MARKET + "/templates/" + templateId + "/install").then().statusCode(201)
                .body("forkedFrom", equalTo(templateId)).extract().path("id");
        given().auth().oauth2(buyer).when().get(TEMPLATES + "/" + fork).then().statusCode(200);
        given().auth().oauth2(author).when().post(MARKET + "/templates/" + templateId + "/install").then().statusCode(409);

        // reviews: one per vendor, editable; never one's own
        given().auth().oauth2(buyer).contentType(ContentType.JSON).body(Map.of("rating", 4, "review", "Good frost detail"))
                .when().put(MARKET + "/templates/" + templateId + "/review").then().statusCode(204);
        given().auth().oauth2(buyer).contentType(ContentType.JSON).body(Map.of("rating", 5, "review", "Even better with Luxury"))
                .when().put(MARKET + "/templates/" + templateId + "/review").then().statusCode(204);
        given().auth().oauth2(buyer).contentType(ContentType.JSON).body(Map.of("rating", 6))
                .when().put(MARKET + "/templates/" + templateId + "/review").then().statusCode(400).body("errors.field", hasItem("rating"));
        given().auth().oauth2(author).contentType(ContentType.JSON).body(Map.of("rating", 5))
                .when().put(MARKET + "/templates/" + templateId + "/review").then().statusCode(403);
        given().auth().oauth2(author).when().get(MARKET + "/templates/" + templateId + "/reviews").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].rating", equalTo(5)).body("items[0].review", equalTo("Even better with Luxury"));

        // the buyer runs a batch with its copy: usage across vendors
        UUID batch = UUID.randomUUID();
        var created = new BatchEvent.Created(batch, Claims.vendorIdFor(buyerName), UUID.fromString(fork), 1, 3);
        try (TopicWriter writer = new TopicWriter()) {
            writer.send(Topics.BATCHES, batch.toString(), created.type(), JsonObject.mapFrom(created).encode());
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(author).when().get(MARKET + "/mine").then()
                .statusCode(200).body("find { it.id == '" + templateId + "' }.usage", equalTo(1)));
        given().auth().oauth2(author).when().get(MARKET + "/mine").then()
                .body("find { it.id == '" + templateId + "' }.installs", equalTo(1))
                .body("find { it.id == '" + templateId + "' }.installsThisWeek", equalTo(1))
                .body("find { it.id == '" + templateId + "' }.usageThisWeek", equalTo(1))
                .body("find { it.id == '" + templateId + "' }.ratingAverage", equalTo(5.0f))
                .body("find { it.id == '" + templateId + "' }.ratingCount", equalTo(1));
        for (String by : List.of("installs", "usage", "rating")) {
            for (String period : List.of("week", "all")) {
                given().auth().oauth2(buyer).when().get(MARKET + "/leaderboard?by=" + by + "&period=" + period + "&limit=100").then()
                        .statusCode(200).body("id", hasItem(templateId));
            }
        }
        given().auth().oauth2(buyer).when().get(MARKET + "/leaderboard?by=love&period=year").then().statusCode(400)
                .body("errors.field", hasItem("by")).body("errors.field", hasItem("period"));

        // an admin hides it: gone for buyers, visible to its author with the reason
        given().auth().oauth2(buyer).contentType(ContentType.JSON).body(Map.of("reason", "spam"))
                .when().post(MARKET + "/templates/" + templateId + "/hide").then().statusCode(403);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("reason", "Mentions a competitor"))
                .when().post(MARKET + "/templates/" + templateId + "/hide").then().statusCode(204);
        given().auth().oauth2(buyer).when().get(MARKET + "/templates/" + templateId).then().statusCode(404);
        given().auth().oauth2(buyer).when().get(MARKET + "/templates?q=frost " + run).then().body("total", equalTo(0));
        given().auth().oauth2(buyer).when().post(MARKET + "/templates/" + templateId + "/install").then().statusCode(404);
        given().auth().oauth2(author).when().get(MARKET + "/templates/" + templateId).then().statusCode(200)
                .body("status", equalTo("hidden")).body("hiddenReason", equalTo("Mentions a competitor"));
        given().auth().oauth2(author).contentType(ContentType.JSON).body(Map.of("templateId", templateId))
                .when().post(MARKET + "/templates").then().statusCode(409);
        given().auth().oauth2(admin).when().post(MARKET + "/templates/" + templateId + "/unhide").then().statusCode(204);
        given().auth().oauth2(buyer).when().get(MARKET + "/templates/" + templateId).then().statusCode(200).body("status", equalTo("listed"));

        // the author takes it back; the buyer keeps its copy
        given().auth().oauth2(buyer).when().delete(MARKET + "/templates/" + templateId).then().statusCode(404);
        given().auth().oauth2(author).when().delete(MARKET + "/templates/" + templateId).then().statusCode(204);
        given().auth().oauth2(buyer).when().get(MARKET + "/templates/" + templateId).then().statusCode(404);
        given().auth().oauth2(buyer).when().get(TEMPLATES + "/" + fork).then().statusCode(200);
        assertThat(given().auth().oauth2(author).when().get(MARKET + "/mine").then().extract().jsonPath().getList("id")).doesNotContain(templateId);
    }
}
