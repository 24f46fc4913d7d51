package studio.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * docs/asyncapi.yaml, the AsyncAPI 3.0 document of every topic, is the event records of this
 * package as they are: each channel (topic) with its key, its messages (one per CloudEvents type,
 * the payload's JSON schema from the record's components, the CloudEvents headers), who sends and
 * who receives them. This test derives the document from {@link EventTypes} and fails when the
 * committed one differs; {@code -Dasyncapi.write=true} writes it anew. deploy/checks validates it
 * with the AsyncAPI parser (system-tests' DeploymentFilesTest).
 */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT = Path.of(System.getProperty("studio.root", "..")).toAbsolutePath().normalize()
            .resolve("docs/asyncapi.yaml");
    private static final ObjectMapper EVENTS_JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    /** Each topic: what it carries, its key, who sends, who receives (services, or the parties outside). */
    private record Channel(String description, String key, List<String> senders, List<String> receivers) {
    }

    private static final Map<String, Channel> CHANNELS = new LinkedHashMap<>();

    static {
        CHANNELS.put(Topics.TEMPLATES, new Channel("Templates made, changed, deleted and used.", "the template's id",
                List.of("template-service"), List.of()));
        CHANNELS.put(Topics.STYLES, new Channel("Styles made, changed and deleted.", "the style's id", List.of("style-service"), List.of()));
        CHANNELS.put(Topics.BATCHES, new Channel("A batch's life: created, scheduled, started, its progress and end, each item's result and rating.",
                "the batch's id (one batch's events in order)", List.of("batch-service"),
                List.of("generation-worker", "notification-service", "template-service")));
        for (Lane lane : Lane.values()) {
            CHANNELS.put(Topics.jobs(lane), new Channel("The " + lane.wireName() + " lane's generation jobs, released by batch-service's fair queue.",
                    "the item's id", List.of("batch-service"), List.of("generation-worker")));
        }
        CHANNELS.put(Topics.GENERATION_RESULTS, new Channel("Each job's outcome: completed, failed, or retrying.", "the item's id",
                List.of("generation-worker"), List.of("batch-service", "style-service", "template-service")));
        CHANNELS.put(Topics.GENERATION_DLQ, new Channel("Records of the jobs topics that are no job at all, as they came, with dlq_reason and"
                + " dlq_topic headers (an operator's to read).", "the original record's key", List.of("generation-worker"), List.of()));
        CHANNELS.put(Topics.ALERTS, new Channel("What an operator must know: a provider paused or resumed, a webhook disabled.",
                "the provider account and model, or the subscription's id", List.of("generation-worker", "notification-service"), List.of()));
        CHANNELS.put(Topics.PRODUCTS, new Channel("The vendors' e-commerce platforms publish their products here.",
                "the product's external id", List.of("vendors' shops"), List.of("batch-service")));
        CHANNELS.put(Topics.PRODUCT_IMAGES, new Channel("A product has a new image.", "the product's id", List.of("batch-service"),
                List.of("vendors' shops")));
        CHANNELS.put(Topics.VENDORS, new Channel("Each vendor's plan and request rates (compacted: the latest of each vendor is kept).",
                "the vendor's id", List.of("batch-service"),
                List.of("template-service", "style-service", "batch-service", "notification-service")));
    }

    @Test
    void theDocumentDescribesEveryEventRecordAsItIs() throws Exception {
        Map<String, Object> expected = document();
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.writeString(DOCUMENT, "# Generated from the event records of studio.common.events by AsyncApiDocumentTest"
                    + " (-Dasyncapi.write=true): do not edit.\n" + YAML.writeValueAsString(expected));
        }
        assertThat(Files.exists(DOCUMENT)).as(DOCUMENT + " exists (write it with -Dasyncapi.write=true)").isTrue();
        JsonNode committed = YAML.readTree(DOCUMENT.toFile());
        assertThat(committed).as("docs/asyncapi.yaml against the event records: write it anew with"
                + " ./mvnw test -pl common -Dtest=AsyncApiDocumentTest -Dasyncapi.write=true").isEqualTo(YAML.valueToTree(expected));
    }

    @Test
    void everyTypeHasItsChannelAndEveryChannelItsMessages() throws Exception {
        Map<String, List<String>> byTopic = typesByTopic();
        assertThat(byTopic.keySet()).isSubsetOf(CHANNELS.keySet());
        assertThat(CHANNELS.keySet()).containsExactlyElementsOf(Topics.all());
    }

    private static Map<String, Object> document() throws Exception {
        Map<String, List<String>> byTopic = typesByTopic();
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, Object> messages = new TreeMap<>();
        for (Map.Entry<String, Class<? extends StudioEvent>> type : new TreeMap<>(EventTypes.all()).entrySet()) {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("name", type.getKey());
            message.put("title", type.getKey());
            message.put("summary", "ce_type " + type.getKey() + " (" + name(type.getValue()) + ")");
            message.put("contentType", "application/json");
            message.put("headers", Map.of("$ref", "#/components/schemas/CloudEventHeaders"));
            message.put("payload", schema(type.getValue(), schemas));
            messages.put(type.getKey(), message);
        }
        schemas.put("CloudEventHeaders", cloudEventHeaders(false));
        schemas.put("DeadLetterHeaders", cloudEventHeaders(true));
        messages.put("dead-letter", Map.of("name", "dead-letter", "title", "A record no worker could read",
                "summary", "The original record's value and headers, with dlq_reason and dlq_topic", "contentType", "application/json",
                "headers", Map.of("$ref", "#/components/schemas/DeadLetterHeaders"), "payload", Map.of("type", "string")));

        Map<String, Object> channels = new LinkedHashMap<>();
        Map<String, Object> operations = new LinkedHashMap<>();
        for (Map.Entry<String, Channel> entry : CHANNELS.entrySet()) {
            String topic = entry.getKey();
            Channel channel = entry.getValue();
            String id = channelId(topic);
            List<String> types = Topics.GENERATION_DLQ.equals(topic) ? List.of("dead-letter") : byTopic.getOrDefault(topic, List.of());
            Map<String, Object> refs = new LinkedHashMap<>();
            types.forEach(t -> refs.put(t, Map.of("$ref", "#/components/messages/" + t)));
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("address", topic);
            c.put("title", topic);
            c.put("description", channel.description() + " Partitions: " + Topics.partitions(topic) + "."
                    + (Topics.configs(topic).isEmpty() ? "" : " Settings: " + Topics.configs(topic) + "."));
            c.put("messages", refs);
            c.put("bindings", Map.of("kafka", Map.of("topic", topic, "partitions", Topics.partitions(topic), "bindingVersion", "0.5.0")));
            channels.put(id, c);
            for (String sender : channel.senders()) {
                operations.put(operationId(sender, "sends", id), operation("send", id, types, sender + " sends " + topic, channel.key()));
            }
            for (String receiver : channel.receivers()) {
                operations.put(operationId(receiver, "receives", id), operation("receive", id, types, receiver + " receives " + topic,
                        channel.key()));
            }
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("asyncapi", "3.0.0");
        doc.put("info", Map.of("title", "AI Generation Studio events", "version", "1.0.0", "description",
                "Every Kafka topic of the platform: its records are CloudEvents in binary mode (the attributes in ce_* headers, the data"
                        + " as the JSON value), keyed by the aggregate they are about so that one aggregate's events stay in order."
                        + " Services publish through their transactional outbox (Debezium), the worker directly."));
        doc.put("defaultContentType", "application/json");
        doc.put("servers", Map.of("kafka", Map.of("host", "kafka:9092", "protocol", "kafka", "description",
                "KAFKA_BOOTSTRAP_SERVERS (docs/DEPLOY.md)")));
        doc.put("channels", channels);
        doc.put("operations", operations);
        doc.put("components", Map.of("messages", messages, "schemas", schemas));
        return doc;
    }

    private static Map<String, Object> operation(String action, String channel, List<String> types, String summary, String key) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("action", action);
        o.put("channel", Map.of("$ref", "#/channels/" + channel));
        o.put("summary", summary);
        o.put("description", "Record key: " + key + ".");
        o.put("messages", types.stream().map(t -> Map.of("$ref", "#/channels/" + channel + "/messages/" + t)).toList());
        return o;
    }

    private static Map<String, Object> cloudEventHeaders(boolean deadLetter) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CloudEventHeaders.ID, Map.of("type", "string", "description", "the event's id (a UUID)"));
        properties.put(CloudEventHeaders.TYPE, Map.of("type", "string", "description", "the event's type, for example batch.created"));
        properties.put(CloudEventHeaders.SOURCE, Map.of("type", "string", "description", "the service that published it"));
        properties.put(CloudEventHeaders.TIME, Map.of("type", "string", "format", "date-time"));
        properties.put(CloudEventHeaders.SUBJECT, Map.of("type", "string", "description", "the aggregate's id, as the key"));
        properties.put(CloudEventHeaders.SPEC_VERSION, Map.of("type", "string", "const", "1.0"));
        properties.put(CloudEventHeaders.CONTENT_TYPE, Map.of("type", "string", "const", "application/json"));
        List<String> required = new ArrayList<>(List.of(CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE));
        if (deadLetter) {
            properties.put("dlq_reason", Map.of("type", "string", "description", "why no worker could read it"));
            properties.put("dlq_topic", Map.of("type", "string", "description", "the topic it came from"));
            required = List.of("dlq_reason", "dlq_topic");
        }
        return Map.of("type", "object", "properties", properties, "required", required);
    }

    private static Map<String, List<String>> typesByTopic() throws Exception {
        Map<String, List<String>> byTopic = new LinkedHashMap<>();
        for (Map.Entry<String, Class<? extends StudioEvent>> type : new TreeMap<>(EventTypes.all()).entrySet()) {
            for (String topic : topicsOf(type.getValue())) {
                byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(type.getKey());
            }
        }
        return byTopic;
    }

    /** The topics a record goes to: its {@code topic()}, for a job one per lane. */
    private static List<String> topicsOf(Class<? extends StudioEvent> type) throws Exception {
        if (type == GenerationJob.class) {
            return Arrays.stream(Lane.values()).map(Topics::jobs).toList();
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            arguments[i] = defaultOf(types[i]);
        }
        return List.of(type.getDeclaredConstructor(types).newInstance(arguments).topic());
    }

    private static Object defaultOf(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == double.class) {
            return 0.0d;
        }
        if (type == float.class) {
            return 0.0f;
        }
        if (type == long.class) {
            return 0L;
        }
        return type == int.class ? (Object) 0 : type == short.class ? (Object) (short) 0 : (Object) (byte) 0;
    }

    /** The JSON schema of a type as the services' Jackson writes it; records become components referred to. */
    private static Map<String, Object> schema(Type type, Map<String, Object> components) throws Exception {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schema(p.getActualTypeArguments()[0], components));
            }
            if (Map.class.isAssignableFrom(raw)) {
                Type values = p.getActualTypeArguments()[1];
                return values == Object.class ? Map.of("type", "object")
                        : Map.of("type", "object", "additionalProperties", schema(values, components));
            }
            return schema(raw, components);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return Map.of("type", "string");
        }
        if (c == UUID.class) {
            return Map.of("type", "string", "format", "uuid");
        }
        if (c == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (c == LocalDate.class) {
            return Map.of("type", "string", "format", "date");
        }
        if (c == LocalTime.class) {
            return Map.of("type", "string", "format", "time");
        }
        if (c == Duration.class) {
            return Map.of("type", "string", "format", "duration");
        }
        if (c == boolean.class || c == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            return Map.of("type", "integer", "format", "int32");
        }
        if (c == long.class || c == Long.class) {
            return Map.of("type", "integer", "format", "int64");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class) {
            return Map.of("type", "number");
        }
        if (c.isEnum()) {
            List<Object> values = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                values.add(EVENTS_JSON.readValue(EVENTS_JSON.writeValueAsString(constant), Object.class));
            }
            return Map.of("type", "string", "enum", values);
        }
        if (c == Object.class) {
            return Map.of();
        }
        if (c.isRecord()) {
            String name = name(c);
            if (!components.containsKey(name)) {
                components.put(name, Map.of()); // a placeholder while its own components are read
                Map<String, Object> properties = new LinkedHashMap<>();
                List<String> required = new ArrayList<>();
                for (RecordComponent component : c.getRecordComponents()) {
                    properties.put(component.getName(), schema(component.getGenericType(), components));
                    if (component.getType().isPrimitive()) {
                        required.add(component.getName());
                    }
                }
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("type", "object");
                schema.put("title", name);
                schema.put("properties", properties);
                if (!required.isEmpty()) {
                    schema.put("required", required);
                }
                components.put(name, schema);
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }
        throw new IllegalStateException("no JSON schema for " + c + ": teach AsyncApiDocumentTest.schema");
    }

    /** A record's name within the events package: BatchEvent.Progress. */
    private static String name(Class<?> type) {
        String binary = type.getName();
        return binary.substring(binary.lastIndexOf('.') + 1).replace('$', '.');
    }

    /** studio.generation.jobs.standard becomes studioGenerationJobsStandard. */
    private static String channelId(String topic) {
        StringBuilder id = new StringBuilder();
        boolean upper = false;
        for (char ch : topic.toCharArray()) {
            if (ch == '.' || ch == '-') {
                upper = true;
            } else {
                id.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return id.toString();
    }

    private static String operationId(String party, String verb, String channel) {
        String who = channelId(party.replace("'", "").replace(' ', '-'));
        return who + Character.toUpperCase(verb.charAt(0)) + verb.substring(1) + Character.toUpperCase(channel.charAt(0)) + channel.substring(1);
    }
}
