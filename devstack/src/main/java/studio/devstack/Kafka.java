package studio.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import org.apache.commons.io.FileUtils;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import studio.common.events.Topics;

/**
 * A real Kafka broker (the version of the BOM's clients), KRaft, one combined broker and
 * controller node, running in this JVM.
 */
public final class Kafka implements AutoCloseable {

    private KafkaRaftServer server;
    private final Properties props;
    private final int port;
    private final Path logDirectory;
    private final boolean temporary;

    private Kafka(KafkaRaftServer server, Properties props, int port, Path logDirectory, boolean temporary) {
        this.server = server;
        this.props = props;
        this.port = port;
        this.logDirectory = logDirectory;
        this.temporary = temporary;
    }

    /** Starts a broker; with a log directory its data is kept between starts. */
    public static Kafka start(int port, Path logDirectory) {
        try {
            boolean temporary = logDirectory == null;
            Path logs = temporary ? Files.createTempDirectory("studio-kafka") : logDirectory;
            Files.createDirectories(logs);
            int brokerPort = Ports.orFree(port);
            int controllerPort = Ports.free();
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("log.dirs", logs.toString());
            props.put("num.partitions", "3");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "false");
            Path config = logs.resolve("server.properties");
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "studio devstack");
            }
            if (!Files.exists(logs.resolve("meta.properties"))) {
                format(config);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            Ports.awaitOpen("Kafka", brokerPort, java.time.Duration.ofSeconds(60), null);
            return new Kafka(server, props, brokerPort, logs, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    private static void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Creates the topics that do not exist yet, with {@code partitions} each. */
    public void ensureTopics(Collection<String> topics, int partitions) {
        ensureTopics(topics, topic -> partitions);
    }

    /**
     * Creates the topics that do not exist yet, each with its own number of partitions, and returns
     * once the broker lists them all (its metadata follows a creation a moment later).
     */
    public void ensureTopics(Collection<String> topics, java.util.function.ToIntFunction<String> partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions.applyAsInt(t), (short) 1).configs(Topics.configs(t))).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            for (int i = 0; i < 100 && !admin.listTopics().names().get().containsAll(topics); i++) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating topics failed", e.getCause());
        }
    }

    /** Stops the broker (a controlled shutdown) until {@link #restart}: an outage of Kafka, as every client sees it. */
    public synchronized void stop() {
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Starts the broker {@link #stop} stopped, on the same ports and logs, and waits until it listens. */
    public synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("Kafka was not stopped");
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        Ports.awaitOpen("Kafka", port, java.time.Duration.ofSeconds(60), null);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
        }
        if (temporary) {
            FileUtils.deleteQuietly(logDirectory.toFile());
        }
    }
}
