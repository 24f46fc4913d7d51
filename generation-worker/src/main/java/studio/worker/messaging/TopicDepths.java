package studio.worker.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import studio.common.events.Lane;
import studio.common.events.Topics;

/**
 * What waits in Kafka, for the operators' view: per lane the jobs published and not yet taken by
 * the fleet's consumer group (its lag), and the records on the dead-letter topic (jobs no worker
 * could read). Read with Kafka's admin client, made on first use.
 */
@ApplicationScoped
public class TopicDepths {

    /**
     * {@code lag}: per lane, the jobs released to the lane's topic that the fleet has not finished
     * (waiting in Kafka or held by a worker: its consumer group's lag); {@code deadLetters}: the
     * records on the dead-letter topic.
     */
    public record Depths(Map<String, Long> lag, long deadLetters) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private final String group;
    private Admin admin;

    public TopicDepths(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.group.id") String group) {
        this.bootstrapServers = bootstrapServers;
        this.group = group;
    }

    public Uni<Depths> depths() {
        return Uni.createFrom().completionStage(() -> {
            Admin client = admin();
            List<TopicPartition> jobs = new ArrayList<>();
            for (Lane lane : Lane.values()) {
                for (int p = 0; p < Topics.partitions(Topics.jobs(lane)); p++) {
                    jobs.add(new TopicPartition(Topics.jobs(lane), p));
                }
            }
            List<TopicPartition> dlq = new ArrayList<>();
            for (int p = 0; p < Topics.partitions(Topics.GENERATION_DLQ); p++) {
                dlq.add(new TopicPartition(Topics.GENERATION_DLQ, p));
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            jobs.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            dlq.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            dlq.forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
            var ends = client.listOffsets(latest).all().toCompletionStage();
            var starts = client.listOffsets(earliest).all().toCompletionStage();
            var committed = client.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().toCompletionStage();
            return ends.thenCompose(end -> starts.thenCombine(committed, (start, done) -> depths(jobs, dlq, end, start, done)));
        }).ifNoItem().after(TIMEOUT).fail();
    }

    private static Depths depths(List<TopicPartition> jobs, List<TopicPartition> dlq, Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start, Map<TopicPartition, OffsetAndMetadata> committed) {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (Lane lane : Lane.values()) {
            lag.put(lane.wireName(), 0L);
        }
        for (Lane lane : Lane.values()) {
            for (TopicPartition tp : jobs) {
                if (tp.topic().equals(Topics.jobs(lane))) {
                    OffsetAndMetadata done = committed.get(tp);
                    long behind = end.get(tp).offset() - (done == null ? 0 : done.offset());
                    lag.merge(lane.wireName(), Math.max(0, behind), Long::sum);
                }
            }
        }
        long deadLetters = 0;
        for (TopicPartition tp : dlq) {
            deadLetters += end.get(tp).offset() - start.get(tp).offset();
        }
        return new Depths(lag, deadLetters);
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "generation-worker-depths"));
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
