package io.orderflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.gateway.port.ApiKeyStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The platform API over real HTTP, with the bootstrap platform key from configuration: a retailer is created, a key is
 * issued for it (shown once, stored hashed) and works within its scopes, is listed by prefix and scopes only, and
 * stops working the moment it is rotated or revoked, with no wait. Other keys get 403, bad input a 4xx problem.
 */
class PlatformApiIT extends AppIntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;

    private WebTestClient client;

    /**
     * One connection per request, as HostileInputIT does: refused requests leave pooled connections that the service
     * gives up, and a later request sent on one now and then waited for an answer that never came (the client's doing).
     */
    @Override
    protected WebTestClient http() {
        if (client == null) {
            client = TestHttp.connectionPerRequest()
                    .baseUrl("http://localhost:" + environment.getRequiredProperty("local.server.port"))
                    .responseTimeout(Duration.ofSeconds(30))
                    .build();
        }
        return client;
    }

    @Test
    void aRetailersKeyIsIssuedUsedListedRotatedAndRevokedAndEachChangeHoldsAtOnce() {
        String retailerId = unique("it-platform");
        var created = json(post(BOOTSTRAP_PLATFORM_KEY, "/api/v1/platform/retailers",
                "{\"retailerId\":\"" + retailerId + "\",\"name\":\"IT Platform Retailer\"}")
                .expectStatus().isCreated()
                .expectHeader().location("/api/v1/platform/retailers/" + retailerId)
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(created.path("retailerId").asString()).isEqualTo(retailerId);
        assertThat(created.path("name").asString()).isEqualTo("IT Platform Retailer");
        problem(post(BOOTSTRAP_PLATFORM_KEY, "/api/v1/platform/retailers",
                "{\"retailerId\":\"" + retailerId + "\",\"name\":\"Again\"}"), 409);
        var retailers = json(get(BOOTSTRAP_PLATFORM_KEY, "/api/v1/platform/retailers").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(retailers.findValuesAsString("retailerId")).contains(retailerId, "demo-retailer", "platform-operator");

        String keysPath = "/api/v1/platform/retailers/" + retailerId + "/keys";
        var issuedAnswer = post(BOOTSTRAP_PLATFORM_KEY, keysPath,
                "{\"name\":\"storefront\",\"scopes\":[\"orders:write\",\"orders:read\",\"orders:read\"]}")
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody();
        var issued = json(issuedAnswer);
        String key = issued.path("key").asString();
        String keyId = issued.path("keyId").asString();
        assertThat(key).startsWith("of_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(issued.path("prefix").asString()).isEqualTo(key.substring(0, 11));
        assertThat(issued.path("scopes").toString()).isEqualTo("[\"orders:read\",\"orders:write\"]");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key WHERE key_hash = ? AND retailer_id = ?",
                Long.class, ApiKeyStore.sha256Hex(key), retailerId)).as("stored as its hash").isEqualTo(1L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key WHERE key_hash = ? OR key_prefix = ? OR name = ?",
                Long.class, key, key, key)).as("stored nowhere in clear").isZero();

        // the key works, for its own retailer
        var placed = json(post(key, "/api/v1/orders", orderBody(unique("it-platform-order"), "DE", Map.of("MUG-LOGO", 1)))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        String orderId = placed.path("orderId").asString();
        awaitView(key, orderId, view -> true, Duration.ofSeconds(30));
        get(STOREFRONT_KEY, "/api/v1/orders/" + orderId).expectStatus().isNotFound();

        String listing = get(BOOTSTRAP_PLATFORM_KEY, keysPath).expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(listing).doesNotContain(key).doesNotContain(ApiKeyStore.sha256Hex(key));
        var keys = json(listing);
        assertThat(keys.size()).isEqualTo(1);
        assertThat(keys.get(0).path("keyId").asString()).isEqualTo(keyId);
        assertThat(keys.get(0).path("name").asString()).isEqualTo("storefront");
        assertThat(keys.get(0).path("prefix").asString()).isEqualTo(key.substring(0, 11));
        assertThat(keys.get(0).path("scopes").toString()).isEqualTo("[\"orders:read\",\"orders:write\"]");
        assertThat(keys.get(0).path("createdAt").asString()).isNotBlank();
        assertThat(keys.get(0).has("key")).isFalse();

        // rotation: the old secret is refused at once, the new one works
        var rotated = json(post(BOOTSTRAP_PLATFORM_KEY, keysPath + "/" + keyId + "/rotation", null)
                .expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody());
        String newKey = rotated.path("key").asString();
        assertThat(newKey).startsWith("of_").isNotEqualTo(key);
        assertThat(rotated.path("keyId").asString()).isEqualTo(keyId);
        assertThat(rotated.path("lastRotatedAt").asString()).isNotBlank();
        problem(get(key, "/api/v1/orders/" + orderId), 401);
        get(newKey, "/api/v1/orders/" + orderId).expectStatus().isOk();
        assertThat(json(get(BOOTSTRAP_PLATFORM_KEY, keysPath).expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody()).get(0).path("prefix").asString()).isEqualTo(newKey.substring(0, 11));

        // revocation: refused at once
        http().delete().uri(keysPath + "/" + keyId).header("X-Api-Key", BOOTSTRAP_PLATFORM_KEY).exchange()
                .expectStatus().isNoContent();
        problem(get(newKey, "/api/v1/orders/" + orderId), 401);
        problem(http().delete().uri(keysPath + "/" + keyId).header("X-Api-Key", BOOTSTRAP_PLATFORM_KEY).exchange(), 404);
        problem(post(BOOTSTRAP_PLATFORM_KEY, keysPath + "/" + keyId + "/rotation", null), 404);
        assertThat(get(BOOTSTRAP_PLATFORM_KEY, keysPath).expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody()).isEqualTo("[]");
    }

    @Test
    void onlyThePlatformScopeManagesRetailersAndKeys() {
        var refused = problem(post("dev-admin-key", "/api/v1/platform/retailers",
                "{\"retailerId\":\"" + unique("it-nope") + "\",\"name\":\"Nope\"}"), 403);
        assertThat(refused.path("requiredScopes").toString()).isEqualTo("[\"platform\"]");
        problem(get(STOREFRONT_KEY, "/api/v1/platform/retailers/demo-retailer/keys"), 403);
        problem(http().get().uri("/api/v1/platform/retailers").exchange(), 401);
        problem(get("of_not-a-key", "/api/v1/platform/retailers"), 401);

        // a retailer's admin key, issued here, is no platform key either
        String adminKey = json(post(BOOTSTRAP_PLATFORM_KEY, "/api/v1/platform/retailers/demo-retailer/keys",
                "{\"name\":\"it-demo-admin\",\"scopes\":[\"admin\"]}").expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody()).path("key").asString();
        problem(get(adminKey, "/api/v1/platform/retailers"), 403);
        get(adminKey, "/api/v1/suppliers").expectStatus().isOk();
    }

    @Test
    void theBootstrapKeyIsAPlatformKeyStoredHashedAndNotRotatedThroughTheApi() {
        var platformKeys = json(get(BOOTSTRAP_PLATFORM_KEY, "/api/v1/platform/retailers/platform-operator/keys")
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        JsonNode bootstrap = null;
        for (JsonNode key : platformKeys) {
            if (key.path("name").asString().equals("platform-bootstrap")) {
                bootstrap = key;
            }
        }
        assertThat(bootstrap).as("the bootstrap key is listed").isNotNull();
        assertThat(bootstrap.path("scopes").toString()).isEqualTo("[\"audit\",\"platform\"]");
        assertThat(bootstrap.path("prefix").asString()).isEqualTo(BOOTSTRAP_PLATFORM_KEY.substring(0, 4));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key WHERE key_hash = ? AND bootstrap",
                Long.class, ApiKeyStore.sha256Hex(BOOTSTRAP_PLATFORM_KEY))).isEqualTo(1L);

        problem(post(BOOTSTRAP_PLATFORM_KEY, "/api/v1/platform/retailers/platform-operator/keys/"
                + bootstrap.path("keyId").asString() + "/rotation", null), 409);
        get(BOOTSTRAP_PLATFORM_KEY, "/api/v1/platform/retailers").expectStatus().isOk();
    }

    @Test
    void badInputIsAnsweredWithAProblemNeverA500() {
        String retailers = "/api/v1/platform/retailers";
        var badId = problem(post(BOOTSTRAP_PLATFORM_KEY, retailers, "{\"retailerId\":\"bad id!\",\"name\":\"x\"}"), 400);
        assertThat(badId.path("errors").get(0).path("field").asString()).isEqualTo("retailerId");
        problem(post(BOOTSTRAP_PLATFORM_KEY, retailers, "{\"retailerId\":\"it-no-name\"}"), 400);
        problem(post(BOOTSTRAP_PLATFORM_KEY, retailers, "{\"retailerId\":\"" + "r".repeat(101) + "\",\"name\":\"x\"}"), 400);
        problem(post(BOOTSTRAP_PLATFORM_KEY, retailers, "{\"retailerId\":42,\"name\":\"x\"}"), 400);
        problem(post(BOOTSTRAP_PLATFORM_KEY, retailers, "{not json"), 400);
        problem(post(BOOTSTRAP_PLATFORM_KEY, retailers, null), 400);

        String keys = retailers + "/demo-retailer/keys";
        var platformScope = problem(post(BOOTSTRAP_PLATFORM_KEY, keys,
                "{\"name\":\"sneaky\",\"scopes\":[\"orders:read\",\"platform\"]}"), 400);
        assertThat(platformScope.path("errors").get(0).path("field").asString()).isEqualTo("scopes[1]");
        assertThat(platformScope.path("errors").get(0).path("message").asString()).contains("platform");
        var unknownScope = problem(post(BOOTSTRAP_PLATFORM_KEY, keys, "{\"name\":\"x\",\"scopes\":[\"root\"]}"), 400);
        assertThat(unknownScope.path("errors").get(0).path("message").asString()).contains("orders:write");
        problem(post(BOOTSTRAP_PLATFORM_KEY, keys, "{\"name\":\"x\",\"scopes\":[]}"), 400);
        problem(post(BOOTSTRAP_PLATFORM_KEY, keys, "{\"name\":\"\",\"scopes\":[\"admin\"]}"), 400);
        problem(post(BOOTSTRAP_PLATFORM_KEY, keys, "{\"name\":\"x\",\"scopes\":\"admin\"}"), 400);
        problem(post(BOOTSTRAP_PLATFORM_KEY, keys, "{\"name\":\"x\",\"scopes\":[null]}"), 400);

        problem(post(BOOTSTRAP_PLATFORM_KEY, retailers + "/" + unique("it-unknown") + "/keys",
                "{\"name\":\"x\",\"scopes\":[\"admin\"]}"), 404);
        problem(get(BOOTSTRAP_PLATFORM_KEY, retailers + "/" + unique("it-unknown") + "/keys"), 404);
        problem(get(BOOTSTRAP_PLATFORM_KEY, retailers + "/" + unique("it-unknown")), 404);
        problem(get(BOOTSTRAP_PLATFORM_KEY, retailers + "/bad!id/keys"), 404);
        problem(http().delete().uri(keys + "/not-a-key-id").header("X-Api-Key", BOOTSTRAP_PLATFORM_KEY).exchange(), 404);
        problem(http().delete().uri(keys + "/" + UUID.randomUUID()).header("X-Api-Key", BOOTSTRAP_PLATFORM_KEY)
                .exchange(), 404);
        problem(post(BOOTSTRAP_PLATFORM_KEY, keys + "/" + UUID.randomUUID().toString().toUpperCase() + "/rotation", null),
                404);
        // another retailer's key is not found through this retailer
        String otherRetailersKeyId = json(post(BOOTSTRAP_PLATFORM_KEY, keys, "{\"name\":\"it-demo\",\"scopes\":[\"audit\"]}")
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody())
                .path("keyId").asString();
        problem(http().delete().uri(retailers + "/platform-operator/keys/" + otherRetailersKeyId)
                .header("X-Api-Key", BOOTSTRAP_PLATFORM_KEY).exchange(), 404);
    }

    /** The README's calls, with a retailer of its own in place of acme, answer what the README shows. */
    @Test
    void theReadmesCallsAnswerAsShown() {
        var example = ReadmeExamples.load().block("/api/v1/platform/retailers/acme/keys -H");
        var bodies = new ArrayList<String>();
        var answers = new ArrayList<String>();
        var lines = example.text().split("\n");
        for (int i = 0; i < lines.length; i++) {
            var body = java.util.regex.Pattern.compile("-d '([^']*)'").matcher(lines[i]);
            if (body.find()) {
                bodies.add(body.group(1));
            }
            if (lines[i].startsWith("# {") || lines[i].startsWith("# [")) {
                var answer = new StringBuilder(lines[i].substring(2));
                while (i + 1 < lines.length && lines[i + 1].startsWith("#  ")) {
                    answer.append(lines[++i].substring(2));
                }
                answers.add(answer.toString());
            }
        }
        assertThat(bodies).hasSize(2);
        assertThat(answers).hasSize(4);

        String retailerId = unique("acme");
        String retailers = "/api/v1/platform/retailers";
        var created = json(post(BOOTSTRAP_PLATFORM_KEY, retailers, bodies.get(0).replace("acme", retailerId))
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        assertShown(answers.get(0), created, example.line());
        var issued = json(post(BOOTSTRAP_PLATFORM_KEY, retailers + "/" + retailerId + "/keys",
                bodies.get(1).replace("acme", retailerId)).expectStatus().isCreated().expectBody(String.class)
                .returnResult().getResponseBody());
        assertShown(answers.get(2), issued, example.line());
        var listed = json(get(BOOTSTRAP_PLATFORM_KEY, retailers + "/" + retailerId + "/keys").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertShown(answers.get(3), listed, example.line());
    }

    private static void assertShown(String shown, JsonNode actual, int line) {
        assertThat(ReadmeExamples.differences(shown, actual, ReadmeExamples.Compare.SHAPE))
                .as("README.md (block at line %d) shows %s, the service answered %s", line, shown, actual).isEmpty();
    }

    private WebTestClient.ResponseSpec post(String apiKey, String path, String body) {
        var request = http().post().uri(path).header("X-Api-Key", apiKey);
        if (path.equals("/api/v1/orders")) {
            request = request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec get(String apiKey, String path) {
        return http().get().uri(path).header("X-Api-Key", apiKey).exchange();
    }

    private static JsonNode problem(WebTestClient.ResponseSpec answer, int status) {
        return json(answer.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static JsonNode json(String body) {
        return JSON.readTree(body);
    }
}
