package studio.common.events;

import java.util.UUID;

/** Events of {@value Topics#TEMPLATES}, published by template-service. */
public sealed interface TemplateEvent extends StudioEvent {

    UUID templateId();

    UUID vendorId();

    @Override
    default String topic() {
        return Topics.TEMPLATES;
    }

    @Override
    default String aggregateId() {
        return templateId().toString();
    }

    record Created(UUID templateId, UUID vendorId, String name, int version) implements TemplateEvent {
        public static final String TYPE = "template.created";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Updated(UUID templateId, UUID vendorId, String name, int version) implements TemplateEvent {
        public static final String TYPE = "template.updated";

        @Override
        public String type() {
            return TYPE;
        }
    }

    record Deleted(UUID templateId, UUID vendorId) implements TemplateEvent {
        public static final String TYPE = "template.deleted";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** A batch or single generation used the template (version) for {@code images} images. */
    record Used(UUID templateId, UUID vendorId, int version, UUID batchId, int images) implements TemplateEvent {
        public static final String TYPE = "template.used";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
