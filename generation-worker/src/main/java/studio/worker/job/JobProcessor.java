package studio.worker.job;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import studio.common.catalog.ModelCatalog;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.worker.provider.GeneratedImage;
import studio.worker.provider.ImageProvider;
import studio.worker.provider.ImageRequest;
import studio.worker.provider.ProviderChoice;
import studio.worker.provider.ProviderFailure;
import studio.worker.storage.ObjectStorage;
import studio.worker.storage.Thumbnails;

/**
 * Turns one job into one result: looks in storage first (a redelivered job whose image is stored
 * is not generated, nor paid for, again), else calls the provider, stores the PNG and its thumbnail,
 * and says what happened.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    private final ProviderChoice providers;
    private final ObjectStorage storage;

    public JobProcessor(ProviderChoice providers, ObjectStorage storage) {
        this.providers = providers;
        this.storage = storage;
    }

    /** Where a job's image lives: derived from the job, so a redelivery finds it. */
    public static String imageKey(GenerationJob job) {
        return "images/" + job.vendorId() + "/" + job.batchId() + "/" + job.itemId() + ".png";
    }

    public static String thumbnailKey(GenerationJob job) {
        return "thumbnails/" + job.vendorId() + "/" + job.batchId() + "/" + job.itemId() + ".png";
    }

    public GenerationResult process(GenerationJob job) {
        ImageProvider provider = providers.provider();
        long started = System.nanoTime();
        String imageKey = imageKey(job);
        String thumbnailKey = thumbnailKey(job);
        GeneratedImage image = null;
        try {
            if (storage.exists(imageKey) && storage.exists(thumbnailKey)) {
                LOG.infof("Item %s is already stored; not generating it again", job.itemId());
                ModelCatalog.Cost none = ModelCatalog.Cost.none();
                return new GenerationResult.Completed(job.itemId(), job.batchId(), job.vendorId(), job.attempt(), provider.name(),
                        job.model(), imageKey, thumbnailKey, none.usd(), elapsedMs(started), null, none.basis());
            }
            image = provider.generate(new ImageRequest(job.prompt(), job.model(), job.parameters()));
            storage.put(imageKey, image.png(), "image/png");
            storage.put(thumbnailKey, Thumbnails.of(image.png()), "image/png");
            return new GenerationResult.Completed(job.itemId(), job.batchId(), job.vendorId(), job.attempt(), image.provider(),
                    image.model(), imageKey, thumbnailKey, image.cost().usd(), elapsedMs(started), image.usage(), image.cost().basis());
        } catch (ProviderFailure failure) {
            LOG.warnf("Item %s failed at %s: %s (%s)", job.itemId(), provider.name(), failure.getMessage(), failure.code());
            ModelCatalog.Cost none = ModelCatalog.Cost.none();
            return new GenerationResult.Failed(job.itemId(), job.batchId(), job.vendorId(), job.attempt(), provider.name(),
                    job.model(), failure.code(), failure.getMessage(), none.usd(), null, none.basis());
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error unexpected) {
            // A fault of this worker (storage down, a rendering error): the item fails with the cause
            // instead of the lane's consumer stopping and every later job waiting for ever. An image
            // made before the fault was paid for, so the failure carries its cost.
            LOG.errorf(unexpected, "Item %s failed inside the worker", job.itemId());
            ModelCatalog.Cost cost = image == null ? ModelCatalog.Cost.none() : image.cost();
            return new GenerationResult.Failed(job.itemId(), job.batchId(), job.vendorId(), job.attempt(), provider.name(),
                    job.model(), "worker_error", "the worker could not finish the image: " + unexpected, cost.usd(),
                    image == null ? null : image.usage(), cost.basis());
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
