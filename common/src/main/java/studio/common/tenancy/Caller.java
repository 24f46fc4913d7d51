package studio.common.tenancy;

import java.util.UUID;

/** Who is asking, as a service method needs it: the vendor, and whether it holds the admin role. */
public record Caller(UUID vendorId, boolean admin) {
}
