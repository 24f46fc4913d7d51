package studio.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A vendor's request rate holds across replicas: two template-service processes on one database
 * draw on one allowance, and an admin's figure for the vendor, set at batch-service, reaches both
 * through {@code studio.vendors}.
 */
class LimitsAcrossReplicasTest {

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.shared();
    }

    @Test
    void twoReplicasOfAServiceHoldAVendorToOneAllowanceItsPlanSets() {
        String name = "replicated-" + UUID.randomUUID().toString().substring(0, 8);
        String token = platform.vendorToken(name);
        String vendorId = given().auth().oauth2(token).when().get("/api/vendor/media/plan").then().statusCode(200).extract()
                .path("vendorId");
        String replica = "limits-" + UUID.randomUUID().toString().substring(0, 8);
        int port = platform.startReplica("template-service", replica);
        try {
            String first = platform.gatewayUrl();
            String second = "http://127.0.0.1:" + port;
            // a burst of 5 and one more a minute: nothing comes back while the test runs
            given().auth().oauth2(platform.adminToken("limits-admin-" + name)).contentType(ContentType.JSON)
                    .body("{\"requestsPerMinute\": 1, \"burst\": 5}").when().put("/api/vendor/media/admin/vendors/" + vendorId + "/plan")
                    .then().statusCode(200).body("requestRates.api.requestsPerMinute", equalTo(1));
            // both replicas learn the vendor's figure from studio.vendors (a request of theirs with the old figure costs
            // little: the default allowance is 1,200 a minute and the new one starts from now)
            for (String replicaUrl : List.of(first, second)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> "\"api\";q=1;w=60".equals(templates(replicaUrl, token).header("RateLimit-Policy")));
            }

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                statuses.add(templates(i % 2 == 0 ? first : second, token).statusCode());
            }
            // one allowance between the two processes: each had let in at most one request by the time it knew the figure,
            // so of the burst of 5 (and this minute's one) what is left comes to at most 6, not 12
            long allowed = statuses.stream().filter(s -> s == 200).count();
            assertThat(statuses).containsOnly(200, 429);
            assertThat(allowed).as("requests let in by both replicas together: %s", statuses).isBetween(1L, 6L);
            assertThat(statuses.subList(statuses.size() - 4, statuses.size())).as("the last ones are refused on both").containsOnly(429);
            Response refused = templates(second, token);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).matches("[1-9]\\d*");
            assertThat(refused.contentType()).startsWith("application/problem+json");
        } finally {
            platform.stop("template-service-" + replica, false);
        }
    }

    private static Response templates(String baseUrl, String token) {
        return given().baseUri(baseUrl).auth().oauth2(token).when().get("/api/vendor/media/prompt-templates").andReturn();
    }
}
