package studio.notification.delivery;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Thin webhook bodies in the Standard Webhooks shape: {@code {"type", "timestamp", "data"}}, where
 * data holds the event's own fields and {@code links} to the API for everything else (images are
 * never inlined; their links are fetched fresh from the item link).
 */
@ApplicationScoped
public class WebhookPayloads {

    public static final String API = "/api/vendor/media";

    private final ObjectMapper json;

    public WebhookPayloads(ObjectMapper json) {
        this.json = json;
    }

    /** The body for an event given as its fields (a record or a map), with these links added to its data. */
    @SuppressWarnings("unchecked")
    public String body(String type, Instant timestamp, Object fields, Map<String, String> links) {
        Map<String, Object> data = new LinkedHashMap<>(json.convertValue(fields, Map.class));
        if (!links.isEmpty()) {
            data.put("links", links);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", (timestamp == null ? Instant.now() : timestamp).toString());
        body.put("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(type + " cannot be written as JSON", e);
        }
    }
}
