package studio.batch.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import studio.common.limits.VendorRateLimiter;
import studio.common.tenancy.Claims;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/** A vendor's requests past its allowance are a 429 with Retry-After and the RateLimit headers, and do nothing; replicas share one allowance. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallAllowance.class)
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch_limits"))
@WithTestResource(PeersWireMock.class)
class RateLimitTest {

    public static class SmallAllowance implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // one request a minute beyond a burst of 3: nothing comes back while the test runs
            return Map.of("studio.limits.requests-per-minute", "1", "studio.limits.burst", "3");
        }
    }

    @Inject
    AgroalDataSource database;

    @Inject
    VendorRateLimiter limiter;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String reactiveUrl;

    @Test
    void requestsPastTheAllowanceAre429WithTheHeadersAndChangeNothing() throws Exception {
        String name = "hasty-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Devstack.shared().oidc().vendorToken(name);
        // the burst of 3 and the request of this minute
        for (int i = 0; i < 4; i++) {
            given().auth().oauth2(token).when().get("/api/vendor/media/plan").then().statusCode(200)
                    .header("RateLimit-Policy", equalTo("\"api\";q=1;w=60"))
                    .header("RateLimit", matchesPattern("\"api\";r=" + (3 - i) + ";t=\\d+"));
        }
        long before = batches(Claims.vendorIdFor(name));
        JsonArray rows = new JsonArray().add(new JsonObject().put("product_name", "Blue Dream"));
        PeersWireMock.templateRenders(1, "[{\"row\": 0, \"prompt\": \"Blue Dream\", \"missing\": [], \"unknown\": []}]", 0);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(new JsonObject().put("templateId", UUID.randomUUID().toString()).put("rows", rows).encode())
                .when().post("/api/vendor/media/generate/batch").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9]\\d*")).header("RateLimit", matchesPattern("\"api\";r=0;t=\\d+"))
                .body("type", endsWith("rate-limited")).body("requestsPerMinute", equalTo(1)).body("burst", equalTo(3));
        assertThat(batches(Claims.vendorIdFor(name))).as("nothing stored").isEqualTo(before);
        // another vendor is not held back by this one
        given().auth().oauth2(Devstack.shared().oidc().vendorToken("patient-" + name)).when().get("/api/vendor/media/plan").then()
                .statusCode(200);
    }

    @Test
    void aVendorsPlanAndAnAdminsOverrideSetItsRate() {
        String name = "upgraded-" + UUID.randomUUID().toString().substring(0, 8);
        UUID vendorId = Claims.vendorIdFor(name);
        String token = Devstack.shared().oidc().vendorToken(name);
        assertThat(policy(token)).isEqualTo("\"api\";q=1;w=60");

        // the plan is announced on studio.vendors, through the outbox, and every service (this one too) takes it from there
        setPlan(vendorId, new JsonObject().put("plan", "pro")).statusCode(200).body("plan", equalTo("pro"))
                .body("requestRates.api.requestsPerMinute", equalTo(3000)).body("requestRates.api.burst", equalTo(500))
                .body("requestRates.prompt-tools.requestsPerMinute", equalTo(180));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(policy(token)).isEqualTo("\"api\";q=3000;w=60"));

        setPlan(vendorId, new JsonObject().put("plan", "pro").put("requestsPerMinute", 7).put("burst", 2)).statusCode(200)
                .body("requestRates.api.requestsPerMinute", equalTo(7)).body("requestRates.prompt-tools.requestsPerMinute", equalTo(180))
                .body("overrides.requestsPerMinute", equalTo(7));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(policy(token)).isEqualTo("\"api\";q=7;w=60"));

        // back on the default plan: the service's own figures again
        setPlan(vendorId, new JsonObject()).statusCode(200).body("plan", equalTo("standard")).body("requestRates", anEmptyMap());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(policy(token)).isEqualTo("\"api\";q=1;w=60"));
    }

    /** The policy a vendor's request is held to (on a 200 or a 429 alike). */
    private static String policy(String token) {
        return given().auth().oauth2(token).when().get("/api/vendor/media/plan").then().statusCode(anyOf(is(200), is(429))).extract()
                .header("RateLimit-Policy");
    }

    private static io.restassured.response.ValidatableResponse setPlan(UUID vendorId, JsonObject body) {
        return given().auth().oauth2(Devstack.shared().oidc().adminToken("plan-admin")).contentType(ContentType.JSON).body(body.encode())
                .when().put("/api/vendor/media/admin/vendors/" + vendorId + "/plan").then();
    }

    @Test
    void twoReplicasDrawOnOneAllowance() {
        // a second replica's limiter: its own connection pool to the same database
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl).setUser("postgres").setPassword("studio");
        Pool other = io.vertx.mutiny.pgclient.PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(options).using(vertx)
                .build();
        try {
            VendorRateLimiter replica = new VendorRateLimiter(other);
            UUID vendor = UUID.randomUUID();
            int allowed = 0;
            for (int i = 0; i < 10; i++) {
                VendorRateLimiter which = i % 2 == 0 ? limiter : replica;
                if (which.take(vendor, "api", 1, 3).await().indefinitely().allowed()) {
                    allowed++;
                }
            }
            // one allowance of a burst of 3 and the request of this minute between them, not one each
            assertThat(allowed).isEqualTo(4);
        } finally {
            other.closeAndAwait();
        }
    }

    private long batches(UUID vendorId) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement query = c.prepareStatement("SELECT count(*) FROM generation_batches WHERE vendor_id = ?")) {
            query.setObject(1, vendorId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
