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
 * S3-compatible object storage for the MinIO client: S3Proxy run as a child process, a real S3
 * server with AWS signature checks (MinIO's own server cannot be installed on these machines;
 * docker-compose uses the real MinIO).
 */
public final class ObjectStore implements AutoCloseable {

    public static final String ACCESS_KEY = "studio";
    public static final String SECRET_KEY = "studio-secret";

    private static final String PID_PREFIX = "s3proxy-";

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

    /**
     * Starts S3Proxy on the local file system (one directory per bucket, one file per object, so a
     * write costs the same however many objects a bucket holds) with AWS signatures checked, as
     * MinIO checks them; with a root directory the objects are kept between starts.
     */
    public static ObjectStore start(int port, Path rootDirectory, Path logFile, PidFiles pids) {
        try {
            boolean temporary = rootDirectory == null;
            Path root = temporary ? Files.createTempDirectory("studio-s3") : rootDirectory;
            Path objects = Files.createDirectories(root.resolve("buckets"));
            int httpPort = Ports.orFree(port);
            Properties settings = new Properties();
            settings.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + httpPort);
            settings.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            settings.setProperty("s3proxy.identity", ACCESS_KEY);
            settings.setProperty("s3proxy.credential", SECRET_KEY);
            // the studio in a browser loads images straight from the store (presigned links)
            settings.setProperty("s3proxy.cors-allow-all", "true");
            settings.setProperty("jclouds.provider", "filesystem-nio2");
            settings.setProperty("jclouds.filesystem.basedir", objects.toString());
            Path properties = root.resolve("s3proxy.properties");
            try (var out = Files.newOutputStream(properties)) {
                settings.store(out, "written by studio.devstack.ObjectStore at each start");
            }
            Path logging = root.resolve("s3proxy-logback.xml");
            Files.writeString(logging, """
                    <configuration>
                      <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [s3proxy] %logger{20} %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="out"/></root>
                    </configuration>
                    """);
            List<String> command = List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dlogback.configurationFile=" + logging, "-cp", s3proxyClasspath(), "org.gaul.s3proxy.Main",
                    "--properties", properties.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (logFile != null) {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            } else {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            Process process = builder.start();
            pids.record(PID_PREFIX + httpPort, process.pid(), "s3proxy");
            ObjectStore store = new ObjectStore(process, httpPort, root, temporary, pids);
            try {
                Ports.awaitOpen("S3Proxy", httpPort, Duration.ofSeconds(90), process.toHandle());
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("S3Proxy did not start", e);
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
        pids.forget(PID_PREFIX + port);
        if (temporary) {
            FileUtils.deleteQuietly(root.toFile());
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Every jar of S3Proxy's classpath, gathered by devstack's build (src/s3proxy/pom.xml). */
    private static String s3proxyClasspath() throws IOException {
        Properties props = new Properties();
        try (InputStream in = ObjectStore.class.getResourceAsStream("/studio-devstack.properties")) {
            props.load(in);
        }
        Path lib = Path.of(props.getProperty("s3proxy.lib"));
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("S3Proxy's jars are missing at " + lib + ": build the devstack module first");
        }
        return lib.resolve("*").toString();
    }
}
