package studio.devstack.openai;

import io.vertx.core.json.JsonObject;

/** The provider failures the stub can answer with, each in OpenAI's own status, headers and error body. */
public enum StubFailure {
    /** 429 {@code rate_limit_exceeded} with {@code retry-after}. */
    RATE_LIMIT(429, "requests", "rate_limit_exceeded",
            "Rate limit reached for images in organization org-stub on requests per min (RPM). Please try again in %ds."),
    /** 429 {@code insufficient_quota}: the account has no credit left; retrying does not help. */
    INSUFFICIENT_QUOTA(429, "insufficient_quota", "insufficient_quota",
            "You exceeded your current quota, please check your plan and billing details."),
    /** 400 {@code content_policy_violation}: the prompt was refused by the safety system. */
    CONTENT_POLICY(400, "invalid_request_error", "content_policy_violation",
            "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system."),
    /** 500 {@code server_error}. */
    SERVER_ERROR(500, "server_error", null,
            "The server had an error while processing your request. Sorry about that!"),
    /** 503: the engine is overloaded. */
    OVERLOADED(503, "server_error", null,
            "The engine is currently overloaded, please try again later."),
    /** 401 {@code invalid_api_key}. */
    INVALID_API_KEY(401, "invalid_request_error", "invalid_api_key",
            "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.");

    final int status;
    final String type;
    final String code;
    final String message;

    StubFailure(int status, String type, String code, String message) {
        this.status = status;
        this.type = type;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    JsonObject body(int retryAfterSeconds) {
        return OpenAiErrors.body(String.format(message, retryAfterSeconds), type, null, code);
    }
}
