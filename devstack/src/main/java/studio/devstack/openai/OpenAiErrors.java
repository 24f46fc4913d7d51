package studio.devstack.openai;

import io.vertx.core.json.JsonObject;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static JsonObject body(String message, String type, String param, String code) {
        JsonObject error = new JsonObject().put("message", message).put("type", type).putNull("param").putNull("code");
        if (param != null) {
            error.put("param", param);
        }
        if (code != null) {
            error.put("code", code);
        }
        return new JsonObject().put("error", error);
    }

    /** A 400 {@code invalid_request_error}, as OpenAI answers a malformed request. */
    static InvalidRequest invalid(String param, String code, String message) {
        return new InvalidRequest(param, code, message);
    }

    static final class InvalidRequest extends RuntimeException {
        final String param;
        final String code;

        InvalidRequest(String param, String code, String message) {
            super(message);
            this.param = param;
            this.code = code;
        }

        JsonObject body() {
            return OpenAiErrors.body(getMessage(), "invalid_request_error", param, code);
        }
    }
}
