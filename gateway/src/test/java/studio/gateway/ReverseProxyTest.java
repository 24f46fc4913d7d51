package studio.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(ReverseProxyTest.Backends.class)
class ReverseProxyTest {

    /** Two services as WireMock servers: templates on one, everything else on the other. */
    public static class Backends implements QuarkusTestResourceLifecycleManager {
        static WireMockServer templates;
        static WireMockServer others;

        @Override
        public Map<String, String> start() {
            templates = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            others = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            templates.start();
            others.start();
            return Map.of("studio.gateway.services.template-service", templates.baseUrl(),
                    "studio.gateway.services.style-service", others.baseUrl(),
                    "studio.gateway.services.batch-service", others.baseUrl(),
                    "studio.gateway.services.notification-service", others.baseUrl());
        }

        @Override
        public void stop() {
            templates.stop();
            others.stop();
        }
    }

    @Test
    void passesARequestToTheOwningServiceWithItsBodyAndToken() {
        Backends.templates.stubFor(post(urlEqualTo("/api/vendor/media/prompt-templates?page=0"))
                .withHeader("Authorization", equalTo("Bearer abc"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":\"t1\"}")));

        given().header("Authorization", "Bearer abc").contentType("application/json").body("{\"name\":\"x\"}")
                .when().post("/api/vendor/media/prompt-templates?page=0")
                .then().statusCode(201).body("id", is("t1"));
        Backends.templates.verify(postRequestedFor(urlEqualTo("/api/vendor/media/prompt-templates?page=0"))
                .withRequestBody(equalTo("{\"name\":\"x\"}")));
    }

    @Test
    void aLocationAtTheServicesOwnAddressBecomesTheGatewaysAndOthersAreKept() {
        Backends.templates.stubFor(post(urlEqualTo("/api/vendor/media/prompt-templates"))
                .willReturn(aResponse().withStatus(201).withHeader("Location", Backends.templates.baseUrl() + "/api/vendor/media/prompt-templates/t1?v=2")));
        given().redirects().follow(false).contentType("application/json").body("{}")
                .when().post("/api/vendor/media/prompt-templates")
                .then().statusCode(201).header("Location", is(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/api/vendor/media/prompt-templates/t1?v=2"));
        Backends.others.stubFor(get(urlEqualTo("/api/vendor/media/downloads/elsewhere"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", "https://cdn.example.com/image.png")));
        given().redirects().follow(false).when().get("/api/vendor/media/downloads/elsewhere")
                .then().statusCode(302).header("Location", is("https://cdn.example.com/image.png"));
    }

    @Test
    void itsOwnEndpointsAreNotServedToWhatCameThroughAProxy() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().header("X-Forwarded-For", "203.0.113.7").when().get("/q/health/ready").then().statusCode(404);
        given().header("Forwarded", "for=203.0.113.7").when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void routesByTheLongestPrefix() {
        Backends.others.stubFor(get(urlEqualTo("/api/vendor/media/generate/batch/b1"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404}")));
        given().when().get("/api/vendor/media/generate/batch/b1").then().statusCode(404).body("status", is(404));
    }

    @Test
    void anUnroutedPathIsAProblem() {
        given().when().get("/api/vendor/media/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theWebAppLearnsWhereToSignInWithoutAToken() {
        given().when().get("/api/studio/config").then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("authority", is("http://127.0.0.1:8180/realms/studio")).body("clientId", is("studio-web"));
    }

    @Test
    void theStudiosNewEndpointsGoToBatchService() {
        Backends.others.stubFor(get(urlEqualTo("/api/vendor/media/models"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"models\":[]}")));
        given().when().get("/api/vendor/media/models").then().statusCode(200).body("models.size()", is(0));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Optional.of("batch-service"), Routes.serviceFor("/api/vendor/media/downloads/abc"));
    }
}
