package studio.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Remembers the processes that devstack starts outside its own JVM (PostgreSQL, S3Proxy, services),
 * so that a run killed with {@code kill -9} leaves nothing behind for long: the next run stops every
 * recorded process whose owner is gone before it starts its own.
 *
 * <p>A pid file holds {@code <pid> <owner pid> <command-line marker>}; the marker guards against a
 * recycled pid, the process is only killed when its command line still contains it.
 */
public final class PidFiles {

    private final Path directory;

    public PidFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** Records a process owned by this JVM. */
    public void record(String name, long pid, String marker) {
        write(name, pid, ProcessHandle.current().pid(), marker);
    }

    public void write(String name, long pid, long owner, String marker) {
        try {
            Files.writeString(directory.resolve(name + ".pid"), pid + " " + owner + " " + marker + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void forget(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name + ".pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the recorded processes whose owner has died; returns what it stopped. */
    public List<String> reapOrphans() {
        List<String> reaped = new java.util.ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pid")) {
            for (Path file : files) {
                String[] fields = Files.readString(file).trim().split(" ", 3);
                if (fields.length < 3) {
                    Files.deleteIfExists(file);
                    continue;
                }
                long pid = Long.parseLong(fields[0]);
                long owner = Long.parseLong(fields[1]);
                if (isAlive(owner)) {
                    continue;
                }
                Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(p -> commandLineContains(p, fields[2]));
                if (orphan.isPresent()) {
                    kill(orphan.get());
                    reaped.add(file.getFileName() + " (pid " + pid + ")");
                }
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reaped;
    }

    /** Kills a process and its descendants and waits briefly for them to go. */
    public static void kill(ProcessHandle process) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // best effort: a zombie reaped later by init does not hold ports or files
            }
        }
    }

    /** Alive and not a zombie (a killed process whose parent has not collected it yet is gone for our purpose). */
    static boolean isAlive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                return !stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    private static boolean commandLineContains(ProcessHandle process, String marker) {
        try {
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline")).replace('\0', ' ');
            return cmdline.contains(marker);
        } catch (IOException e) {
            return process.info().commandLine().map(c -> c.contains(marker)).orElse(false);
        }
    }
}
