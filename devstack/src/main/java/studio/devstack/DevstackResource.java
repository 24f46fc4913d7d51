package studio.devstack;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import studio.devstack.openai.OpenAiStub;

/**
 * Quarkus test resource that points a service at the shared {@link Devstack} of the test JVM.
 * Arguments: {@code database} (the service's database; omit for none), {@code kafka}, {@code s3},
 * {@code openai} ({@code true}/{@code false}), {@code llm} (the stub's chat completions as the language model). Always configures OIDC with devstack's signing key.
 */
public class DevstackResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        Devstack devstack = Devstack.shared();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.public-key", devstack.oidc().publicKeyBase64());
        config.put("quarkus.oidc.token.issuer", OidcKeys.ISSUER);
        // the platform's service token, for a service that acts for vendors on its own (batch-service)
        config.put("studio.service-token", devstack.oidc().serviceToken("studio-test-service", java.time.Duration.ofDays(1)));
        String database = args.get("database");
        if (database != null) {
            Postgres postgres = devstack.postgres();
            postgres.ensureDatabase(database);
            config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
            config.put("quarkus.datasource.username", Postgres.USER);
            config.put("quarkus.datasource.password", Postgres.PASSWORD);
        }
        if (!"false".equals(args.get("kafka"))) {
            config.put("kafka.bootstrap.servers", devstack.kafka().bootstrapServers());
        }
        if ("true".equals(args.get("s3"))) {
            ObjectStore store = devstack.objectStore();
            config.put("studio.storage.endpoint", store.endpoint());
            config.put("studio.storage.access-key", ObjectStore.ACCESS_KEY);
            config.put("studio.storage.secret-key", ObjectStore.SECRET_KEY);
        }
        if ("true".equals(args.get("openai"))) {
            OpenAiStub stub = devstack.openAi();
            config.put("studio.openai.base-url", stub.baseUrl());
            config.put("studio.openai.api-key", "sk-devstack-test");
        }
        if ("true".equals(args.get("llm"))) {
            // the stub's chat completions stand in for a language model
            config.put("studio.llm.base-url", devstack.openAi().baseUrl());
            config.put("studio.llm.api-key", "sk-devstack-test");
        }
        return config;
    }

    @Override
    public void stop() {
        // The shared devstack outlives one application start; it stops when the test JVM exits.
    }
}
