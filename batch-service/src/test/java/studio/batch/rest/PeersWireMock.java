package studio.batch.rest;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** template-service and style-service as WireMock stubs, for batch-service's own tests. */
public class PeersWireMock implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        reset();
        return Map.of("quarkus.rest-client.template-service.url", server.baseUrl(),
                "quarkus.rest-client.style-service.url", server.baseUrl());
    }

    /**
     * No stubs but one: template-service knows every template the tests name (a test that wants
     * one to be unknown stubs its 404 over this).
     */
    static void reset() {
        server.resetAll();
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/api/vendor/media/prompt-templates/[0-9a-f-]{36}"))
                .atPriority(10)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"id\": \"00000000-0000-4000-8000-000000000000\", \"name\": \"A template\", \"isPublic\": false}")));
    }

    /** template-service's bulk render answers these rows (JSON) as version {@code version} of a template. */
    static void templateRenders(int version, String rowsJson, int invalidRows) {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/api/vendor/media/prompt-templates/.*/render"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"templateId\": \"" + java.util.UUID.randomUUID() + "\", \"version\": " + version
                                + ", \"variables\": [\"product_name\"], \"rows\": " + rowsJson + ", \"invalidRows\": " + invalidRows + "}")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
