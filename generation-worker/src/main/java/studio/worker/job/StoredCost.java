package studio.worker.job;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import studio.common.catalog.Cost;
import studio.common.catalog.Usage;
import studio.worker.provider.GeneratedImage;

/**
 * What an image cost, kept in its stored object's metadata ({@code x-amz-meta-cost-usd},
 * {@code -cost-basis}, {@code -provider}, {@code -usage}): the job's object is named by item and
 * attempt, so a redelivery answered from storage reports the charge of that very attempt, which
 * batch-service's ledger keeps once per item and attempt.
 */
record StoredCost(String provider, Cost cost, Usage usage) {

    static Map<String, String> with(Map<String, String> metadata, GeneratedImage image) {
        Map<String, String> all = new LinkedHashMap<>(metadata);
        all.put("provider", image.provider());
        all.put("cost-usd", image.cost().usd().toPlainString());
        all.put("cost-basis", image.cost().basis());
        if (image.usage() != null) {
            all.put("usage", JsonObject.mapFrom(image.usage()).encode());
        }
        return all;
    }

    /** The cost an object's metadata records; an object stored before costs were kept reports none. */
    static StoredCost of(Map<String, String> metadata, String defaultProvider) {
        String usd = metadata.get("cost-usd");
        String basis = metadata.get("cost-basis");
        Cost cost = usd == null || basis == null ? Cost.none() : new Cost(new BigDecimal(usd), basis);
        String usage = metadata.get("usage");
        return new StoredCost(metadata.getOrDefault("provider", defaultProvider), cost,
                usage == null ? null : new JsonObject(usage).mapTo(Usage.class));
    }
}
