package studio.worker.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import studio.worker.config.WorkerConfig;

/**
 * The threads for a job's blocking work, in two pools: {@link #io()} for object storage (a request
 * each, little memory) and {@link #images()}, a few threads for what decodes or draws an image (a
 * 1024x1024 image is 4 MB decoded), so that hundreds of calls finishing together queue there instead
 * of exhausting a small heap. Calls in flight hold no thread at all.
 */
@ApplicationScoped
public class WorkPool {

    private final ExecutorService io;
    private final ExecutorService images;

    public WorkPool(WorkerConfig config) {
        this.io = pool("studio-storage-", Math.max(1, config.storageThreads()));
        this.images = pool("studio-images-", Math.max(1, config.imageThreads()));
    }

    private static ExecutorService pool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Object storage requests. */
    public ExecutorService io() {
        return io;
    }

    /** Decoding, scaling and drawing images. */
    public ExecutorService images() {
        return images;
    }

    @PreDestroy
    void stop() {
        io.shutdown();
        images.shutdown();
    }
}
