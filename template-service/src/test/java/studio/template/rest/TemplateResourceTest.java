package studio.template.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import studio.devstack.Devstack;
import studio.devstack.DevstackResource;

@QuarkusTest
@WithTestResource(value = DevstackResource.class, initArgs = {@ResourceArg(name = "database", value = "template"),
        @ResourceArg(name = "llm", value = "true")})
class TemplateResourceTest {

    private static final String TEMPLATES = "/api/vendor/media/prompt-templates";

    private static String token(String vendor) {
        return Devstack.shared().oidc().vendorToken(vendor);
    }

    @Test
    void createdTemplateIsReadableByItsVendorOnly() {
        String location = given().auth().oauth2(token("alpha")).contentType(ContentType.JSON)
                .body("""
                        {"name": "Product on white", "promptText": "{product_name} on a white background",
                         "category": "product", "parameters": {"size": "1024x1024"}}""")
                .when().post(TEMPLATES)
                .then().statusCode(201)
                .header("Location", containsString(TEMPLATES + "/"))
                .body("id", notNullValue())
                .body("parameters.size", equalTo("1024x1024"))
                .extract().header("Location");

        given().auth().oauth2(token("alpha")).when().get(location).then().statusCode(200).body("name", equalTo("Product on white"));
        given().auth().oauth2(token("alpha")).when().get(TEMPLATES).then().statusCode(200)
                .body("items.name", hasItem("Product on white"));
        given().auth().oauth2(token("beta")).when().get(location).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void bulkRenderReportsEveryRowsProblems() {
        String id = given().auth().oauth2(token("alpha")).contentType(ContentType.JSON)
                .body("{\"name\": \"Strain card\", \"promptText\": \"{product_name}, a {strain_type} strain\"}")
                .when().post(TEMPLATES).then().statusCode(201).extract().path("id");

        given().auth().oauth2(token("alpha")).contentType(ContentType.JSON)
                .body("""
                        {"rows": [{"product_name": "Blue Dream", "strain_type": "hybrid"},
                                  {"product_name": "OG Kush"},
                                  {"product_name": "Sour Diesel", "strain_type": "sativa", "colour": "green"}]}""")
                .when().post(TEMPLATES + "/" + id + "/render")
                .then().statusCode(200)
                .body("variables", org.hamcrest.Matchers.contains("product_name", "strain_type"))
                .body("invalidRows", equalTo(2))
                .body("rows[0].prompt", equalTo("Blue Dream, a hybrid strain"))
                .body("rows[1].missing", org.hamcrest.Matchers.contains("strain_type"))
                .body("rows[2].unknown", org.hamcrest.Matchers.contains("colour"));

        given().auth().oauth2(token("beta")).contentType(ContentType.JSON).body("{\"rows\": [{}]}")
                .when().post(TEMPLATES + "/" + id + "/render").then().statusCode(404);
    }

    @Test
    void aServiceTokenActsForTheVendorItsHeaderNamesAndAVendorTokenIgnoresTheHeader() {
        String id = given().auth().oauth2(token("alpha")).contentType(ContentType.JSON)
                .body("{\"name\": \"Shop card\", \"promptText\": \"{product_name} for the shop\"}")
                .when().post(TEMPLATES).then().statusCode(201).extract().path("id");
        String service = Devstack.shared().oidc().serviceToken("batch-service", java.time.Duration.ofMinutes(5));
        String alpha = studio.common.tenancy.Claims.vendorIdFor("alpha").toString();
        String beta = studio.common.tenancy.Claims.vendorIdFor("beta").toString();
        String rows = "{\"rows\": [{\"product_name\": \"Blue Dream\"}]}";

        given().auth().oauth2(service).header("X-Studio-Vendor", alpha).contentType(ContentType.JSON).body(rows)
                .when().post(TEMPLATES + "/" + id + "/render").then().statusCode(200)
                .body("rows[0].prompt", equalTo("Blue Dream for the shop"));
        given().auth().oauth2(service).contentType(ContentType.JSON).body(rows)
                .when().post(TEMPLATES + "/" + id + "/render").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(service).header("X-Studio-Vendor", beta).contentType(ContentType.JSON).body(rows)
                .when().post(TEMPLATES + "/" + id + "/render").then().statusCode(404);
        // a vendor's own token cannot borrow another vendor through the header
        given().auth().oauth2(token("beta")).header("X-Studio-Vendor", alpha).contentType(ContentType.JSON).body(rows)
                .when().post(TEMPLATES + "/" + id + "/render").then().statusCode(404);
    }

    @Test
    void invalidTemplateIsRefusedWithEveryFieldListed() {
        given().auth().oauth2(token("alpha")).contentType(ContentType.JSON)
                .body("{\"name\": \"\", \"category\": \"poster\"}")
                .when().post(TEMPLATES)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:studio:problem:validation"))
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("category", "name", "promptText"));
    }

    @Test
    void malformedJsonIsAProblemNotAServerError() {
        given().auth().oauth2(token("alpha")).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post(TEMPLATES)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void pagingIsChecked() {
        given().auth().oauth2(token("alpha")).queryParam("size", 1000).when().get(TEMPLATES)
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }
}
