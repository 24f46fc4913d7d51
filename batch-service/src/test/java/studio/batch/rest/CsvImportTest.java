package studio.batch.rest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

/** Product CSVs: parsing (BOM, quotes, line breaks, CRLF, delimiters), preview, problems by line and column, limits. */
@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = @ResourceArg(name = "database", value = "batch"))
@WithTestResource(PeersWireMock.class)
class CsvImportTest {

    private static final String CSV = "/api/vendor/media/generate/batch/csv";

    private final String token = Devstack.shared().oidc().vendorToken("csv-" + UUID.randomUUID());
    private final String templateId = UUID.randomUUID().toString();

    @BeforeEach
    void resetPeers() {
        PeersWireMock.reset();
    }

    private static void templateRenders(String rowsJson, int invalidRows) {
        PeersWireMock.templateRenders(2, rowsJson, invalidRows);
    }

    private RequestSpecification upload(byte[] content) {
        return given().auth().oauth2(token).multiPart("file", "products.csv", content, "text/csv").multiPart("templateId", templateId);
    }

    private int batches() {
        return given().auth().oauth2(token).when().get("/api/vendor/media/generate/batch").then().extract().path("total");
    }

    @Test
    void aCsvWithABomQuotedDelimitersLineBreaksCrlfAndSemicolonsPreviewsAndBecomesABatch() {
        templateRenders("""
                [{"row": 0, "prompt": "Blue Dream; special, hybrid", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "Gelato limited, indica", "missing": [], "unknown": []}]""", 0);
        byte[] csv = ("\uFEFFProduct Name;Strain Type\r\n\"Blue Dream; special\";hybrid\r\n\"Gelato\r\nlimited\";indica\r\n")
                .getBytes(StandardCharsets.UTF_8);

        upload(csv).when().post(CSV + "/preview").then().statusCode(200)
                .body("rows", equalTo(2)).body("columns", contains("Product Name", "Strain Type"))
                .body("mapping.'Product Name'", equalTo("product_name")).body("mapping.'Strain Type'", equalTo("strain_type"))
                .body("templateVersion", equalTo(2)).body("prompts", contains("Blue Dream; special, hybrid", "Gelato limited, indica"))
                .body("problems.size()", equalTo(0));
        PeersWireMock.server.verify(postRequestedFor(urlPathMatching("/api/vendor/media/prompt-templates/.*/render"))
                .withRequestBody(containing("\"product_name\":\"Blue Dream; special\""))
                .withRequestBody(containing("\"product_name\":\"Gelato\\r\\nlimited\"")));

        int before = batches();
        upload(csv).multiPart("name", "from csv").multiPart("parameters", "{\"quality\": \"low\"}")
                .when().post(CSV).then().statusCode(202).body("totalImages", equalTo(2)).body("name", equalTo("from csv"));
        org.assertj.core.api.Assertions.assertThat(batches()).isEqualTo(before + 1);
    }

    @Test
    void tabsAndAnExplicitMappingWork() {
        templateRenders("""
                [{"row": 0, "prompt": "OG Kush", "missing": [], "unknown": []}]""", 0);
        byte[] csv = "sku\tname\n42\tOG Kush\n".getBytes(StandardCharsets.UTF_8);
        upload(csv).multiPart("mapping", "{\"name\": \"product_name\"}").when().post(CSV + "/preview").then().statusCode(200)
                .body("mapping.name", equalTo("product_name")).body("ignoredColumns", contains("sku"));
        PeersWireMock.server.verify(postRequestedFor(urlPathMatching(".*/render"))
                .withRequestBody(containing("{\"product_name\":\"OG Kush\"}")));
    }

    @Test
    void everyProblemNamesItsLineAndColumnAndNothingIsCreated() {
        templateRenders("""
                [{"row": 0, "prompt": "fine", "missing": [], "unknown": []},
                 {"row": 1, "prompt": "{strain_type}", "missing": ["strain_type"], "unknown": []},
                 {"row": 2, "prompt": "x", "missing": [], "unknown": []}]""", 1);
        byte[] csv = "product_name,strain_type\nBlue Dream,hybrid\n\"Gelato\",\n=HYPERLINK(\"x\"),sativa\n"
                .getBytes(StandardCharsets.UTF_8);
        int before = batches();

        upload(csv).when().post(CSV + "/preview").then().statusCode(200)
                .body("problems.find { it.field == 'rows[2].product_name' }.line", equalTo(4))
                .body("problems.find { it.field == 'rows[2].product_name' }.column", equalTo("product_name"))
                .body("problems.find { it.field == 'rows[2].product_name' }.message", containsString("formula"))
                .body("problems.find { it.field == 'rows[1].strain_type' }.line", equalTo(3))
                .body("problems.find { it.field == 'rows[1].strain_type' }.column", equalTo("strain_type"));
        upload(csv).when().post(CSV).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].line", equalTo(4)).body("errors[0].column", equalTo("product_name"));

        byte[] noFormula = "product_name,strain_type\nBlue Dream,hybrid\n\"Gelato\",\nZkittlez,sativa\n".getBytes(StandardCharsets.UTF_8);
        upload(noFormula).when().post(CSV).then().statusCode(400)
                .body("errors.find { it.field == 'rows[1].strain_type' }.line", equalTo(3))
                .body("errors.find { it.field == 'rows[1].strain_type' }.column", equalTo("strain_type"));
        org.assertj.core.api.Assertions.assertThat(batches()).isEqualTo(before);
    }

    @Test
    void whatIsNoUsableCsvIsRefusedClearly() {
        int before = batches();
        upload(new byte[] { 'a', ',', 'b', '\n', 0, 1, 2, '\n' }).when().post(CSV).then().statusCode(400)
                .body("errors[0].message", containsString("binary"));
        upload(new byte[] { 'a', '\n', (byte) 0xC3, (byte) 0x28, '\n' }).when().post(CSV).then().statusCode(400)
                .body("errors[0].message", containsString("UTF-8"));
        upload(new byte[0]).when().post(CSV).then().statusCode(400).body("errors[0].message", containsString("empty"));
        upload("product_name\n".getBytes(StandardCharsets.UTF_8)).when().post(CSV).then().statusCode(400)
                .body("errors[0].message", containsString("no rows"));
        upload("product_name,product_name\nx,y\n".getBytes(StandardCharsets.UTF_8)).when().post(CSV).then().statusCode(400)
                .body("errors.field", hasItem("file"));
        upload("product_name\nx\n".getBytes(StandardCharsets.UTF_8)).multiPart("mapping", "{\"Name\": \"product_name\"}")
                .when().post(CSV).then().statusCode(400).body("errors.field", hasItem("mapping.Name"));
        upload("product_name\nx\n".getBytes(StandardCharsets.UTF_8)).multiPart("parameters", "{not json")
                .when().post(CSV).then().statusCode(400).body("errors.field", hasItem("parameters"));
        given().auth().oauth2(token).multiPart("file", "p.csv", "product_name\nx\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .when().post(CSV).then().statusCode(400).body("errors.field", hasItem("templateId"));
        given().auth().oauth2(token).multiPart("templateId", templateId).when().post(CSV).then().statusCode(400)
                .body("errors.field", hasItem("file"));

        StringBuilder many = new StringBuilder("product_name\n");
        for (int i = 0; i <= 10_000; i++) {
            many.append("Product ").append(i).append('\n');
        }
        upload(many.toString().getBytes(StandardCharsets.UTF_8)).when().post(CSV).then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("more than 10000 rows"));
        PeersWireMock.server.verify(0, postRequestedFor(urlPathMatching(".*")));
        org.assertj.core.api.Assertions.assertThat(batches()).isEqualTo(before);
    }
}
