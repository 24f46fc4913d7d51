package studio.batch.rest;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import studio.batch.service.Archives;

/**
 * {@code GET /api/vendor/media/downloads/{token}}: a batch's images as one ZIP, for a link that
 * {@code POST .../batch/{id}/archive} signed (a browser's download carries no bearer token, so the
 * link is the credential, for ten minutes). Streamed on a worker thread: a slow client slows the
 * reading from storage, never fills memory.
 */
@Path("/api/vendor/media/downloads")
public class DownloadResource {

    private final Archives archives;

    public DownloadResource(Archives archives) {
        this.archives = archives;
    }

    /** 200 with {@code application/zip}; 404 for an unknown, forged or expired link. */
    @Operation(summary = "A batch's archive through its signed link (no token)")
    @APIResponse(responseCode = "200", description = "With application/zip")
    @APIResponse(responseCode = "404", description = "For an unknown, forged or expired link")
    @GET
    @Path("/{token}")
    @Blocking
    public Response download(@PathParam("token") String token) throws Throwable {
        Archives.Grant grant = archives.check(token);
        List<String> keys = VertxContextSupport.subscribeAndAwait(() -> archives.keys(grant));
        StreamingOutput body = out -> archives.write(keys, out);
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"batch-" + grant.batchId() + ".zip\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
