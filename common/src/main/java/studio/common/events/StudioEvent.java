package studio.common.events;


/**
 * Every event the platform publishes: it knows its CloudEvents type, the topic it belongs to and
 * the aggregate it is about (the Kafka key, so that one aggregate's events stay in order).
 */
public interface StudioEvent {

    /** The CloudEvents type, for example {@code template.created}. */
    String type();

    /** The topic the event is published to. */
    String topic();

    /** The id of the aggregate the event is about; the record key. */
    String aggregateId();
}
