package studio.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.commons.io.FileUtils;

/**
 * S3-compatible object storage for the MinIO client: Adobe S3Mock run as a child process (MinIO's
 * own server cannot be installed on these machines; docker-compose uses the real MinIO).
 */
public final class ObjectStore implements AutoCloseable {

    public static final String ACCESS_KEY = "studio";
    public static final String SECRET_KEY = "studio-secret";

    private final Process process;
    private final int port;
    private final Path root;
    private final boolean temporary;
    private final PidFiles pids;

    private ObjectStore(Process process, int port, Path root, boolean temporary, PidFiles pids) {
        this.process = process;
        this.port = port;
        this.root = root;
        this.temporary = temporary;
        this.pids = pids;
    }

    /** Starts S3Mock; with a root directory the objects are kept between starts. */
    public static ObjectStore start(int port, Path rootDirectory, Path logFile, PidFiles pids) {
        try {
            boolean temporary = rootDirectory == null;
            Path root = temporary ? Files.createTempDirectory("studio-s3") : rootDirectory;
            Files.createDirectories(root);
            int httpPort = Ports.orFree(port);
            int unusedHttpsPort = Ports.free();
            List<String> command = List.of(javaExecutable(), "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", s3mockJar(),
                    "--com.adobe.testing.s3mock.http-port=" + httpPort,
                    "--server.port=" + unusedHttpsPort,
                    "--com.adobe.testing.s3mock.store.root=" + root,
                    "--com.adobe.testing.s3mock.store.retain-files-on-exit=" + !temporary,
                    "--spring.main.banner-mode=off",
                    "--logging.level.root=WARN");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (logFile != null) {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Process process = builder.start();
            pids.record("s3mock-" + httpPort, process.pid(), "s3mock");
            ObjectStore store = new ObjectStore(process, httpPort, root, temporary, pids);
            try {
                Ports.awaitOpen("S3Mock", httpPort, Duration.ofSeconds(90), process.toHandle());
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("S3Mock did not start", e);
        }
    }

    /**
     * Freezes the store's process (SIGSTOP) until {@link #thaw}: connections are accepted by the
     * kernel but nothing answers, the worst kind of storage outage for a client without timeouts.
     */
    public void freeze() {
        signal("-STOP");
    }

    /** Lets a frozen store run again (SIGCONT). */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        PidFiles.kill(process.toHandle());
        pids.forget("s3mock-" + port);
        if (temporary) {
            FileUtils.deleteQuietly(root.toFile());
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String s3mockJar() throws IOException {
        Properties props = new Properties();
        try (InputStream in = ObjectStore.class.getResourceAsStream("/studio-devstack.properties")) {
            props.load(in);
        }
        String jar = props.getProperty("s3mock.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("S3Mock's jar is missing at " + jar + ": build the devstack module first");
        }
        return jar;
    }
}
