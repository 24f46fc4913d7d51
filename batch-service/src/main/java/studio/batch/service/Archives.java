package studio.batch.service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import studio.batch.repository.GenerationItemRepository;
import studio.common.error.ProblemException;
import studio.common.storage.S3Clients;
import studio.common.storage.StorageConfig;

/**
 * "Download all": a ZIP of a batch's images under their smart names, streamed from object storage
 * one image at a time (the archive is never held in memory), behind a signed link that a browser
 * can open without a bearer token. The link names the vendor, the batch and an expiry, signed with
 * a key derived from the storage secret, so every replica checks what any replica signed.
 */
@ApplicationScoped
public class Archives {

    private static final Logger LOG = Logger.getLogger(Archives.class);
    private static final Duration LINK_LIFETIME = Duration.ofMinutes(10);
    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile("filename=\"([^\"]+)\"");

    /** A signed download link's parts and when it stops working. */
    public record Link(String token, Instant expiresAt) {
    }

    /** What a valid token grants: one vendor's batch. */
    public record Grant(UUID vendorId, UUID batchId) {
    }

    private final BatchQueries batches;
    private final GenerationItemRepository items;
    private final StorageConfig storage;
    private final MinioClient client;
    private final byte[] signingKey;

    public Archives(BatchQueries batches, GenerationItemRepository items, StorageConfig storage) {
        this.batches = batches;
        this.items = items;
        this.storage = storage;
        this.client = S3Clients.of(storage);
        this.signingKey = hmac(storage.secretKey().getBytes(StandardCharsets.UTF_8), "studio batch archives");
    }

    /** A link to one of the vendor's batches' archive (404 for another vendor's batch). */
    public Uni<Link> link(UUID vendorId, UUID batchId) {
        return batches.get(vendorId, batchId).map(batch -> {
            Instant expires = Instant.now().plus(LINK_LIFETIME);
            String payload = vendorId + "." + batchId + "." + expires.getEpochSecond();
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.US_ASCII)) + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingKey, payload));
            return new Link(token, expires);
        });
    }

    /** The batch a token grants; 404 for a forged, malformed or expired one (nothing to tell an attacker apart). */
    public Grant check(String token) {
        try {
            String[] parts = token.split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.US_ASCII);
            byte[] signature = Base64.getUrlDecoder().decode(parts[1]);
            String[] fields = payload.split("\\.");
            if (parts.length == 2 && fields.length == 3 && MessageDigest.isEqual(signature, hmac(signingKey, payload))
                    && Instant.ofEpochSecond(Long.parseLong(fields[2])).isAfter(Instant.now())) {
                return new Grant(UUID.fromString(fields[0]), UUID.fromString(fields[1]));
            }
        } catch (RuntimeException malformed) {
            // falls through to 404
        }
        throw new ProblemException(404, "not-found", "Not Found", "This download link is not valid, or it has expired: ask for a new one.",
                List.of());
    }

    /** The stored image keys the archive will hold, checked for the vendor. */
    @WithSession
    public Uni<List<String>> keys(Grant grant) {
        return batches.get(grant.vendorId(), grant.batchId()).chain(batch -> items.imageKeys(batch.id));
    }

    /** Writes the ZIP: each image under the file name it was stored with (STORED: images do not compress). */
    public void write(List<String> keys, OutputStream out) throws IOException {
        Set<String> names = new HashSet<>();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(0);
            for (String key : keys) {
                try (GetObjectResponse object = client.getObject(GetObjectArgs.builder().bucket(storage.bucket()).object(key).build())) {
                    zip.putNextEntry(new ZipEntry(unique(names, fileName(object, key))));
                    object.transferTo(zip);
                    zip.closeEntry();
                } catch (IOException e) {
                    throw e;
                } catch (Exception e) {
                    // an object that cannot be read ends the archive early: the client sees a broken download, not a silent gap
                    LOG.warnf("The archive stopped at %s: %s", key, e.toString());
                    throw new IOException("image " + key + " could not be read", e);
                }
            }
        }
    }

    private static String fileName(GetObjectResponse object, String key) {
        String disposition = object.headers().get("Content-Disposition");
        Matcher m = disposition == null ? null : FILE_NAME.matcher(disposition);
        return m != null && m.find() ? m.group(1) : key.substring(key.lastIndexOf('/') + 1);
    }

    /** Two images may carry one name (a cached copy, say): the second gets a number. */
    private static String unique(Set<String> names, String name) {
        String candidate = name;
        for (int i = 2; !names.add(candidate); i++) {
            int dot = name.lastIndexOf('.');
            candidate = dot < 0 ? name + "-" + i : name.substring(0, dot) + "-" + i + name.substring(dot);
        }
        return candidate;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
