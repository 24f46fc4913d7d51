package studio.common.tenancy;

import java.util.UUID;

import studio.common.error.ProblemException;

/** Who is asking, as a service method needs it: the vendor, and whether it holds the admin role. */
public record Caller(UUID vendorId, boolean admin) {

    /**
     * The owner-or-admin check of a library's items (templates, styles): the caller may change its
     * own item, and an admin a public one. A public item for anybody else is a 403 saying
     * {@code adminOnly}; another vendor's item is a 404 ({@code what} {@code id}), as if it did not exist.
     */
    public <T> T mayChange(T item, boolean isPublic, UUID owner, String what, Object id, String adminOnly) {
        if (isPublic && !admin) {
            throw ProblemException.forbidden("admin-only", adminOnly);
        }
        if (!isPublic && !vendorId.equals(owner)) {
            throw ProblemException.notFound(what, id);
        }
        return item;
    }
}
