package studio.common.events;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents attributes carried in Kafka headers (binary content mode of the CloudEvents Kafka
 * binding), so that a Kafka dashboard shows what each record is without opening its payload.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** The headers of a record as strings (the last value wins when a header repeats). */
    public static Map<String, String> read(Headers headers) {
        Map<String, String> values = new HashMap<>();
        for (Header header : headers) {
            values.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return values;
    }
}
