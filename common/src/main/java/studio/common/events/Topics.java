package studio.common.events;

import java.util.List;

/** The platform's Kafka topics: the one list that producers, consumers and devstack share. */
public final class Topics {

    public static final String TEMPLATES = "studio.templates";
    public static final String STYLES = "studio.styles";
    public static final String BATCHES = "studio.batches";
    public static final String GENERATION_RESULTS = "studio.generation.results";
    public static final String GENERATION_DLQ = "studio.generation.dlq";
    /** Operational alerts (a provider account paused or resumed). */
    public static final String ALERTS = "studio.alerts";

    private Topics() {
    }

    /** The jobs topic of a lane, for example {@code studio.generation.jobs.standard}. */
    public static String jobs(Lane lane) {
        return "studio.generation.jobs." + lane.wireName();
    }

    /** Every topic the platform uses, in a stable order. */
    public static List<String> all() {
        return List.of(TEMPLATES, STYLES, BATCHES,
                jobs(Lane.INTERACTIVE), jobs(Lane.STANDARD), jobs(Lane.BULK),
                GENERATION_RESULTS, GENERATION_DLQ, ALERTS);
    }
}
