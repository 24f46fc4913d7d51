package studio.devstack.openai;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The stub's own control endpoints under {@code /__stub/}: statistics, reset, behaviour and scripted failures. */
final class StubControl {

    private StubControl() {
    }

    static void handle(HttpServerRequest request, String path, Buffer raw, OpenAiStub stub) {
        HttpServerResponse response = request.response();
        try {
            switch (path) {
                case "/__stub/stats" -> OpenAiStub.json(response, 200, stub.stats().toJson("true".equals(request.getParam("recent"))));
                case "/__stub/reset" -> {
                    stub.reset();
                    OpenAiStub.json(response, 200, stub.behaviour().toJson());
                }
                case "/__stub/behaviour" -> {
                    if (raw.length() > 0) {
                        stub.behaviour().apply(raw.toJsonObject());
                    }
                    OpenAiStub.json(response, 200, stub.behaviour().toJson());
                }
                case "/__stub/failures" -> {
                    JsonObject spec = raw.toJsonObject();
                    StubFailure failure = StubFailure.valueOf(spec.getString("kind").toUpperCase(java.util.Locale.ROOT));
                    if (spec.containsKey("promptContains")) {
                        stub.behaviour().failPromptsContaining(spec.getString("promptContains"), failure);
                    } else {
                        stub.behaviour().failNext(failure, spec.getInteger("count", 1), spec.getInteger("retryAfterSeconds", 1));
                    }
                    OpenAiStub.json(response, 200, stub.behaviour().toJson());
                }
                default -> OpenAiStub.json(response, 404, new JsonObject().put("error", "unknown control path " + path));
            }
        } catch (RuntimeException e) {
            OpenAiStub.json(response, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
        }
    }
}
