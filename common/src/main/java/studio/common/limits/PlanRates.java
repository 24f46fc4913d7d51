package studio.common.limits;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import studio.common.events.EventTypes;
import studio.common.events.VendorEvent;

/**
 * The request rates each vendor's plan gives it, as batch-service (which owns the plans) announces
 * them on the compacted {@code studio.vendors}. Every replica of every service reads the whole topic
 * in its own group, from the beginning, and keeps the latest rates of each vendor in memory (a few
 * bytes a vendor: 10,000 vendors on plans of their own take about a megabyte). A vendor never
 * announced, or one whose plan names no rate for a scope, has the service's default.
 */
@ApplicationScoped
public class PlanRates {

    private static final Logger LOG = Logger.getLogger(PlanRates.class);

    private final Map<UUID, Map<String, VendorEvent.RequestRate>> rates = new ConcurrentHashMap<>();
    private final ObjectMapper json;

    public PlanRates(ObjectMapper json) {
        this.json = json;
    }

    @Incoming("vendor-plans")
    public void consume(ConsumerRecord<String, String> record) {
        try {
            EventTypes.decode(json, record, VendorEvent.PlanChanged.class).ifPresent(this::apply);
        } catch (IllegalArgumentException malformed) {
            // one bad record must not stop the channel: the vendor keeps what it had
            LOG.warnf("Skipped a malformed vendor plan record at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    malformed.getMessage());
        }
    }

    void apply(VendorEvent.PlanChanged event) {
        if (event.rates().isEmpty()) {
            rates.remove(event.vendorId());
        } else {
            rates.put(event.vendorId(), event.rates());
        }
        LOG.debugf("Vendor %s is on plan %s, request rates %s", event.vendorId(), event.plan(), event.rates());
    }

    /** The rate a vendor's plan gives it in a scope; empty: the service's default. */
    public Optional<VendorEvent.RequestRate> of(UUID vendorId, String scope) {
        Map<String, VendorEvent.RequestRate> vendor = rates.get(vendorId);
        return vendor == null ? Optional.empty() : Optional.ofNullable(vendor.get(scope));
    }
}
