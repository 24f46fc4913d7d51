package studio.devstack.openai;

import java.util.Map;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The stub's Files and Batches endpoints over {@link StubBatches}; each request of a batch is answered by {@code answers}. */
final class StubBatchApi {

    private final StubBatches batches;
    private final java.util.function.BiFunction<JsonObject, String, Map.Entry<Integer, JsonObject>> answers;

    StubBatchApi(StubBatches batches, java.util.function.BiFunction<JsonObject, String, Map.Entry<Integer, JsonObject>> answers) {
        this.batches = batches;
        this.answers = answers;
    }

    /** Files and Batches: {@code POST /v1/files} (multipart), {@code GET /v1/files/{id}[/content]}, {@code POST/GET /v1/batches[/{id}]}. */
    void handle(HttpServerRequest request, String path) {
        HttpServerResponse response = request.response();
        String authorization = request.getHeader("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            OpenAiStub.json(response, 401, OpenAiErrors.body("You didn't provide an API key.", "invalid_request_error", null, null));
            return;
        }
        String method = request.method().name();
        if ("/v1/files".equals(path) && "POST".equals(method)) {
            request.setExpectMultipart(true);
            Buffer content = Buffer.buffer();
            String[] filename = {null};
            request.uploadHandler(upload -> {
                filename[0] = upload.filename();
                upload.handler(content::appendBuffer);
            });
            request.endHandler(ignored -> {
                String purpose = request.formAttributes().get("purpose");
                if (filename[0] == null || purpose == null) {
                    OpenAiStub.json(response, 400, OpenAiErrors.body("'file' and 'purpose' are required.", "invalid_request_error",
                            filename[0] == null ? "file" : "purpose", null));
                    return;
                }
                OpenAiStub.json(response, 200, batches.upload(filename[0], purpose, content.getBytes()).toJson());
            });
            return;
        }
        if ("/v1/batches".equals(path) && "POST".equals(method)) {
            request.body().onSuccess(raw -> {
                try {
                    OpenAiStub.json(response, 200, batches.create(raw.toJsonObject()));
                } catch (OpenAiErrors.InvalidRequest invalid) {
                    OpenAiStub.json(response, 400, invalid.body());
                } catch (RuntimeException malformed) {
                    OpenAiStub.json(response, 400, OpenAiErrors.body("We could not parse the JSON body of your request.", "invalid_request_error", null, null));
                }
            });
            return;
        }
        if ("/v1/batches".equals(path) && "GET".equals(method)) {
            OpenAiStub.json(response, 200, batches.list(id -> batches.get(id, answers)));
            return;
        }
        if (path.startsWith("/v1/batches/") && "GET".equals(method)) {
            JsonObject batch = batches.get(path.substring("/v1/batches/".length()), answers);
            if (batch == null) {
                OpenAiStub.json(response, 404, OpenAiErrors.body("No such Batch object.", "invalid_request_error", "batch_id", null));
            } else {
                OpenAiStub.json(response, 200, batch);
            }
            return;
        }
        if (path.startsWith("/v1/files/") && "GET".equals(method)) {
            String rest = path.substring("/v1/files/".length());
            boolean content = rest.endsWith("/content");
            StubBatches.StoredFile file = batches.file(content ? rest.substring(0, rest.length() - "/content".length()) : rest);
            if (file == null) {
                OpenAiStub.json(response, 404, OpenAiErrors.body("No such File object.", "invalid_request_error", "file_id", null));
            } else if (content) {
                response.putHeader("content-type", "application/octet-stream").end(StubBatches.jsonl(file));
            } else {
                OpenAiStub.json(response, 200, file.toJson());
            }
            return;
        }
        OpenAiStub.json(response, 404, OpenAiErrors.body("Invalid URL (" + method + " " + path + ")", "invalid_request_error", null, null));
    }
}
