package studio.devstack.openai;

import java.util.UUID;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The stub's chat completions: what the prompt tools call. */
final class StubChat {

    private StubChat() {
    }

    /**
     * {@code POST /v1/chat/completions}, enough of it for the prompt tools: a non-streaming answer in
     * OpenAI's format whose content is a JSON object ({@code suggestions} and {@code improvedPrompt}
     * derived from the last user message), so callers can be tested against the wire format.
     */
    static void answer(HttpServerRequest request, Buffer raw, StubStats stats) {
        HttpServerResponse response = request.response();
        String authorization = request.getHeader("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            OpenAiStub.json(response, 401, OpenAiErrors.body("You didn't provide an API key.", "invalid_request_error", null, null));
            return;
        }
        JsonObject body;
        try {
            body = raw.toJsonObject();
        } catch (RuntimeException e) {
            OpenAiStub.json(response, 400, OpenAiErrors.body("We could not parse the JSON body of your request.", "invalid_request_error", null, null));
            return;
        }
        io.vertx.core.json.JsonArray messages = body.getJsonArray("messages");
        if (body.getString("model") == null || messages == null || messages.isEmpty()) {
            OpenAiStub.json(response, 400, OpenAiErrors.body("'model' and a non-empty 'messages' are required.", "invalid_request_error",
                    body.getString("model") == null ? "model" : "messages", null));
            return;
        }
        String user = "";
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            if ("user".equals(m.getString("role"))) {
                user = String.valueOf(m.getValue("content"));
            }
        }
        String content = new JsonObject()
                .put("suggestions", new io.vertx.core.json.JsonArray().add("Name the camera angle and lens, for example a 45-degree "
                        + "angle with a 100mm macro lens.").add("Say what the background is made of."))
                .put("improvedPrompt", user.strip() + ", 45-degree angle, 100mm macro lens")
                .encode();
        stats.chatAnswered();
        OpenAiStub.json(response, 200, new JsonObject()
                .put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""))
                .put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000)
                .put("model", body.getString("model"))
                .put("choices", new io.vertx.core.json.JsonArray().add(new JsonObject().put("index", 0)
                        .put("message", new JsonObject().put("role", "assistant").put("content", content).putNull("refusal"))
                        .put("logprobs", (Object) null).put("finish_reason", "stop")))
                .put("usage", new JsonObject().put("prompt_tokens", user.length() / 4 + 20).put("completion_tokens", 60)
                        .put("total_tokens", user.length() / 4 + 80)));
    }
}
