package studio.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import studio.common.tenancy.Claims;

/**
 * The local token issuer: an RSA signing key that the services trust through quarkus-oidc
 * ({@code quarkus.oidc.public-key}), and the minting of vendor and admin tokens. Real deployments
 * use Keycloak instead (deploy/ and docker-compose.yml).
 */
public final class OidcKeys {

    public static final String ISSUER = "https://devstack.studio.local";
    private static final String KEY_ID = "devstack";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private OidcKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static OidcKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new OidcKeys(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the key pair kept in a directory, making it on first use. */
    public static OidcKeys loadOrCreate(Path directory) {
        Path privateFile = directory.resolve("signing-key.pk8");
        Path publicFile = directory.resolve("signing-key.pub");
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                return new OidcKeys(
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(privateFile).trim()))),
                        rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(publicFile).trim()))));
            }
            OidcKeys keys = generate();
            Files.createDirectories(directory);
            Files.writeString(privateFile, Base64.getEncoder().encodeToString(keys.privateKey.getEncoded()));
            Files.writeString(publicFile, keys.publicKeyBase64());
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable signing key in " + directory, e);
        }
    }

    /** The value of {@code quarkus.oidc.public-key}: base64 of the X.509 public key. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** A vendor user's token; the vendor id claim follows from the vendor name (see {@link Claims#vendorIdFor}). */
    public String vendorToken(String vendor) {
        return token(vendor, false, Duration.ofHours(12));
    }

    /**
     * A platform service's token ({@link Claims#SERVICE_ROLE}, no vendor: it names one per request in
     * {@link Claims#VENDOR_HEADER}), for {@code studio.service-token}.
     */
    public String serviceToken(String service, Duration lifetime) {
        return Jwt.issuer(ISSUER).subject(service).upn(service).groups(Set.of(Claims.SERVICE_ROLE)).expiresIn(lifetime)
                .jws().keyId(KEY_ID).sign(privateKey);
    }

    /** A vendor token that says it was issued at {@code issuedAt} (valid for an hour from then): a clock, or a forger, ahead of time. */
    public String tokenIssuedAt(String vendor, Instant issuedAt) {
        return signed(vendor, false, issuedAt, Duration.ofHours(1));
    }

    public String adminToken(String vendor) {
        return token(vendor, true, Duration.ofHours(12));
    }

    public String token(String vendor, boolean admin, Duration lifetime) {
        return signed(vendor, admin, Instant.now(), lifetime);
    }

    private String signed(String vendor, boolean admin, Instant issuedAt, Duration lifetime) {
        Set<String> roles = new HashSet<>(Set.of(Claims.VENDOR_ROLE));
        if (admin) {
            roles.add(Claims.ADMIN_ROLE);
        }
        return Jwt.issuer(ISSUER)
                .subject(vendor + "-user")
                .upn(vendor + "-user")
                .groups(roles)
                .claim(Claims.VENDOR_ID, Claims.vendorIdFor(vendor).toString())
                .claim("vendor_name", vendor)
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(lifetime))
                .jws().keyId(KEY_ID)
                .sign(privateKey);
    }
}
