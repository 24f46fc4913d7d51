package studio.worker.batchapi;

import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.PartFilename;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.smallrye.mutiny.Uni;
import studio.worker.provider.OpenAiImagesClient;

/**
 * OpenAI's Files and Batches endpoints (the same base URL, key and organisation as the Images API):
 * upload a JSONL file of image requests, create a batch over it, list the batches, read one's status,
 * download its output and error files.
 */
@RegisterRestClient(configKey = "openai")
@RegisterProvider(OpenAiImagesClient.Errors.class)
public interface BatchApiClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FileObject(String id, String purpose, Long bytes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchObject(String id, String status, @JsonProperty("input_file_id") String inputFileId,
            @JsonProperty("output_file_id") String outputFileId, @JsonProperty("error_file_id") String errorFileId,
            @JsonProperty("request_counts") Map<String, Integer> requestCounts, Map<String, Object> errors, Map<String, String> metadata) {

        public boolean ended() {
            return "completed".equals(status) || "failed".equals(status) || "expired".equals(status) || "cancelled".equals(status);
        }
    }

    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<FileObject> upload(@HeaderParam("Authorization") String authorization, @HeaderParam("OpenAI-Organization") String organization,
            @RestForm("purpose") String purpose,
            @RestForm("file") @PartFilename("requests.jsonl") @PartType(MediaType.APPLICATION_OCTET_STREAM) byte[] file);

    @POST
    @Path("/batches")
    Uni<BatchObject> create(@HeaderParam("Authorization") String authorization, @HeaderParam("OpenAI-Organization") String organization,
            Map<String, Object> body);

    /** A page of the account's batches, newest first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BatchList(java.util.List<BatchObject> data, @JsonProperty("has_more") boolean hasMore, @JsonProperty("last_id") String lastId) {
    }

    @GET
    @Path("/batches")
    Uni<BatchList> list(@HeaderParam("Authorization") String authorization, @HeaderParam("OpenAI-Organization") String organization,
            @QueryParam("limit") int limit, @QueryParam("after") String after);

    @GET
    @Path("/batches/{id}")
    Uni<BatchObject> get(@HeaderParam("Authorization") String authorization, @HeaderParam("OpenAI-Organization") String organization,
            @PathParam("id") String id);

    @GET
    @Path("/files/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    /** A file's content, streamed to a temporary file (an output file holds hundreds of images). */
    Uni<java.io.File> content(@HeaderParam("Authorization") String authorization, @HeaderParam("OpenAI-Organization") String organization,
            @PathParam("id") String id);
}
