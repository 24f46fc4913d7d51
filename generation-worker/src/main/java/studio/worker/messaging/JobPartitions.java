package studio.worker.messaging;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import studio.worker.engine.Dispatcher;

/**
 * The lanes' rebalance listener ({@code consumer-rebalance-listener.name=job-partitions}): when
 * partitions move to another replica, the jobs this one holds from them and has not started are
 * dropped, so that only the new owner runs them.
 */
@ApplicationScoped
@Identifier("job-partitions")
public class JobPartitions implements KafkaConsumerRebalanceListener {

    private final Dispatcher dispatcher;

    public JobPartitions(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        dispatcher.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        dispatcher.revoked(partitions);
    }
}
