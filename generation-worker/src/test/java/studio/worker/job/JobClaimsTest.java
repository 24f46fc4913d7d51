package studio.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import studio.common.events.GenerationJob;
import studio.common.events.GenerationResult;
import studio.common.events.Lane;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;
import studio.devstack.openai.OpenAiStub;
import studio.worker.config.WorkerConfig;

/**
 * Two replicas holding one job (a partition moved while the old owner still held it) pay for it
 * once: the job is claimed in the worker database before the provider is called. The other replica
 * here is a second {@link JobClaims} on the same database, alive (its heartbeat runs) or dead.
 */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = { @ResourceArg(name = "database", value = "worker"),
        @ResourceArg(name = "s3", value = "true"), @ResourceArg(name = "openai", value = "true") })
class JobClaimsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final OpenAiStub stub = Devstack.shared().openAi();

    @Inject
    JobProcessor processor;

    @Inject
    Pool pool;

    @Inject
    WorkerConfig config;

    @Inject
    Vertx vertx;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }

    @Test
    void aJobAnotherLiveReplicaIsMakingIsNotPaidHereAndOnceFinishedIsLetGo() {
        JobClaims other = new JobClaims(pool, config, vertx);
        other.start(null);
        try {
            GenerationJob job = job("Claimed elsewhere");
            assertThat(other.claim(job).await().atMost(WAIT)).isEqualTo(JobClaims.Outcome.CLAIMED);

            assertThatThrownBy(() -> processor.process(job).await().atMost(WAIT)).isInstanceOf(JobProcessor.Requeue.class)
                    .hasMessageContaining("another replica is making item " + job.itemId());
            assertThat(stub.stats().recentRequests()).noneMatch(r -> job.prompt().equals(r.getString("prompt")));

            other.finish(job).await().atMost(WAIT);
            assertThatThrownBy(() -> processor.process(job).await().atMost(WAIT)).isInstanceOf(JobProcessor.Answered.class);
            assertThat(stub.stats().recentRequests()).noneMatch(r -> job.prompt().equals(r.getString("prompt")));
        } finally {
            other.stop(null);
        }
    }

    @Test
    void aJobHandedBackByAnotherReplicaIsMadeHereOnce() {
        JobClaims other = new JobClaims(pool, config, vertx);
        other.start(null);
        try {
            GenerationJob job = job("Handed back");
            other.claim(job).await().atMost(WAIT);
            other.release(job).await().atMost(WAIT);

            assertThat(processor.process(job).await().atMost(WAIT)).isInstanceOf(GenerationResult.Completed.class);
            assertThat(stub.stats().successesFor(job.prompt())).isEqualTo(1);
        } finally {
            other.stop(null);
        }
    }

    @Test
    void aDeadReplicasClaimIsTakenOver() {
        // never beats: as a replica killed with its claim held, whose heartbeat stopped long ago
        JobClaims dead = new JobClaims(pool, config, vertx);
        GenerationJob job = job("Claimed by the dead");
        assertThat(dead.claim(job).await().atMost(WAIT)).isEqualTo(JobClaims.Outcome.CLAIMED);

        assertThat(processor.process(job).await().atMost(WAIT)).isInstanceOf(GenerationResult.Completed.class);
        assertThat(stub.stats().successesFor(job.prompt())).isEqualTo(1);
        // and now the dead replica could not take it back
        assertThat(dead.claim(job).await().atMost(WAIT)).isEqualTo(JobClaims.Outcome.HELD);
    }

    @Test
    void theSameJobTwiceInOneReplicaIsPaidOnce() {
        // two records of one job (a partition that came back while its record was still in hand): the copy waits
        stub.behaviour().latency(Duration.ofSeconds(1));
        GenerationJob job = job("Twice in hand");
        double letGoBefore = answeredElsewhere();
        try (studio.devstack.testing.TopicWriter writer = new studio.devstack.testing.TopicWriter()) {
            for (int copy = 0; copy < 2; copy++) {
                writer.send(job.topic(), job.itemId().toString(), job.type(), io.vertx.core.json.JsonObject.mapFrom(job).encode());
            }
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> answeredElsewhere() > letGoBefore);
        assertThat(stub.stats().successesFor(job.prompt())).isEqualTo(1);
        assertThat(stub.stats().recentRequests().stream().filter(r -> job.prompt().equals(r.getString("prompt")))).hasSize(1);
    }

    private static double answeredElsewhere() {
        return io.restassured.RestAssured.given().when().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith("studio_worker_results_total") && l.contains("outcome=\"answered_elsewhere\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static GenerationJob job(String prompt) {
        return new GenerationJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1, Lane.STANDARD, prompt + " " + UUID.randomUUID(),
                "gpt-image-2", Map.of(), null);
    }
}
