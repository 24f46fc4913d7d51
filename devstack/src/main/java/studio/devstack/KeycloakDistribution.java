package studio.devstack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.io.FileUtils;
import org.jboss.logging.Logger;

/** Keycloak's distribution on this machine: unpacked from the zip the build fetched, its admin password, the JDK it runs on. */
final class KeycloakDistribution {

    private static final Logger LOG = Logger.getLogger(KeycloakDistribution.class);

    private KeycloakDistribution() {
    }

    /** The distribution unpacked under the base directory once (into a temporary folder first, so a kill leaves no half). */
    static Path unpacked(Path base) throws IOException {
        Properties props = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("/studio-devstack.properties")) {
            props.load(in);
        }
        Path zip = Path.of(props.getProperty("keycloak.zip"));
        String version = props.getProperty("keycloak.version");
        Path home = base.resolve("keycloak-" + version);
        if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return home;
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak's distribution is missing at " + zip + ": build the devstack module first");
        }
        LOG.infof("Unpacking Keycloak %s into %s (once) ...", version, home);
        Files.createDirectories(base);
        Path partial = Files.createTempDirectory(base, "keycloak-unpacking");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("unexpected entry " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path unpackedHome = partial.resolve("keycloak-" + version);
        try {
            Files.move(unpackedHome, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
                throw raced;
            }
        } finally {
            FileUtils.deleteQuietly(partial.toFile());
        }
        return home;
    }

    static String adminPassword(Path file) throws IOException {
        if (file != null && Files.isRegularFile(file)) {
            return Files.readString(file).trim();
        }
        String password = HexFormat.of().formatHex(Keycloak.randomBytes(new SecureRandom(), 18));
        if (file != null) {
            Files.writeString(file, password);
        }
        return password;
    }

    /** The JDK this process runs on: Keycloak runs on it too. */
    static String javaHome() {
        String java = ProcessHandle.current().info().command().orElse(null);
        return java == null ? System.getProperty("java.home") : Path.of(java).getParent().getParent().toString();
    }

    /** Runs {@code kc.sh start-dev} on the loopback ports, importing the realm; with {@code temporary} its database is in memory. */
    static Process launch(Path home, int httpPort, int managementPort, boolean temporary, String admin, String adminPassword, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                "--hostname=http://127.0.0.1:" + httpPort, "--import-realm", "--log-level=WARN,org.keycloak.services:INFO"));
        if (temporary) {
            command.add("--db=dev-mem");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", admin);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder.start();
    }
}
