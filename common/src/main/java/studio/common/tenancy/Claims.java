package studio.common.tenancy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The token claims and roles the platform relies on. */
public final class Claims {

    /** The vendor id claim, a UUID. */
    public static final String VENDOR_ID = "vendor_id";
    /** Role of a vendor's users (in the {@code groups} claim). */
    public static final String VENDOR_ROLE = "vendor";
    /** Role of the platform's operators: writes public templates and styles. */
    public static final String ADMIN_ROLE = "admin";
    /** Role of the platform's own services acting for a vendor (never given to a vendor's users). */
    public static final String SERVICE_ROLE = "studio-service";
    /** The header in which a service token names the vendor it acts for. */
    public static final String VENDOR_HEADER = "X-Studio-Vendor";

    private Claims() {
    }

    /**
     * The vendor id for a vendor name, for development tokens: a UUID is taken as it is, any other
     * name gives a stable name-based UUID, so {@code --vendor acme} is the same vendor every time.
     */
    public static UUID vendorIdFor(String vendor) {
        try {
            return UUID.fromString(vendor);
        } catch (IllegalArgumentException notAUuid) {
            return UUID.nameUUIDFromBytes(("studio-vendor:" + vendor).getBytes(StandardCharsets.UTF_8));
        }
    }
}
