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
        return Map.of("quarkus.rest-client.template-service.url", server.baseUrl(),
                "quarkus.rest-client.style-service.url", server.baseUrl());
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
