package dev.loops.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.secret.EncryptionKey;
import dev.loops.webhooks.secret.SecretColumns;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Rolling a signing secret without dropping deliveries, and secrets that are unreadable in the database. */
class SecretRotationAndStorageTest extends ServiceTest {

    private static final String NEW_SECRET = "whsec_rolled_secret_abcdefghijklmnopqr";
    private static final String API_KEY = "rk_test_51AbCdEfGhIjKlMnOpQrStUv";

    @Autowired
    EndpointRepository repository;

    @Autowired
    List<SecretColumns> secretColumns;

    @Test
    void afterARotationBothSecretsVerifyUntilThePreviousOneExpires() {
        WebhookEndpoint endpoint = stripeEndpoint();

        HttpResponse<String> rotated = admin("POST", "/api/endpoints/" + endpoint.id() + "/rotate-secret",
                "{\"signingSecret\":\"" + NEW_SECRET + "\",\"previousSecretValidForHours\":24}");

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        JsonNode view = readJson(rotated.body());
        assertThat(view.path("signingSecretHint").asText()).isEqualTo("whsec_…opqr");
        assertThat(view.path("previousSigningSecretHint").asText()).isEqualTo("whsec_…stuv");
        assertThat(view.path("previousSigningSecretExpiresAt").asText()).isNotBlank();
        assertThat(rotated.body()).doesNotContain(SECRET).doesNotContain(NEW_SECRET);
        assertThat(postWith(endpoint, "invoice.paid", NEW_SECRET).statusCode()).isEqualTo(200);
        assertThat(postWith(endpoint, "invoice.payment_failed", SECRET).statusCode()).isEqualTo(200);
    }

    @Test
    void aRemovedSecretNoLongerVerifies() {
        WebhookEndpoint endpoint = stripeEndpoint();

        admin("POST", "/api/endpoints/" + endpoint.id() + "/rotate-secret",
                "{\"signingSecret\":\"" + NEW_SECRET + "\",\"previousSecretValidForHours\":0}");

        HttpResponse<String> oldSecret = postWith(endpoint, "invoice.paid", SECRET);
        assertThat(oldSecret.statusCode()).isEqualTo(401);
        assertThat(readJson(oldSecret.body()).path("error").asText()).isEqualTo("invalid_signature");
        assertThat(count("contact")).isZero();
        assertThat(admin("POST", "/api/endpoints/" + endpoint.id() + "/rotate-secret",
                "{\"signingSecret\":\"" + NEW_SECRET + "\",\"previousSecretValidForHours\":1000}").statusCode()).isEqualTo(400);
    }

    @Test
    void everySecretIsStoredSealedAndReadBackIntact() {
        HttpResponse<String> created = admin("POST", "/api/endpoints", "{\"name\":\"Sealed\",\"signingSecret\":\""
                + SECRET + "\",\"stripeApiKey\":\"" + API_KEY + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = readJson(created.body()).path("id").asText();
        admin("POST", "/api/endpoints/" + id + "/rotate-secret",
                "{\"signingSecret\":\"" + NEW_SECRET + "\",\"previousSecretValidForHours\":24}");

        Map<String, Object> row = jdbc.sql("SELECT signing_secret, previous_signing_secret, api_key "
                + "FROM webhook_endpoint WHERE id = :id").param("id", id).query().singleRow();
        assertThat(row.values()).hasSize(3).allSatisfy(value -> assertThat((String) value)
                .startsWith("enc:v1:").doesNotContain("whsec_").doesNotContain("rk_test_"));
        WebhookEndpoint read = repository.findById(id).orElseThrow();
        assertThat(read.signingSecret()).isEqualTo(NEW_SECRET);
        assertThat(read.previousSigningSecret()).isEqualTo(SECRET);
        assertThat(read.apiKey()).isEqualTo(API_KEY);
    }

    /** A secret column left out of the declaration would be neither checked for a key nor encrypted at start. */
    @Test
    void everyColumnThatLooksLikeASecretIsDeclaredOne() {
        List<String> declared = secretColumns.stream()
                .flatMap(table -> table.columns().stream().map(column -> table.table() + "." + column)).toList();
        List<String> secretLooking = jdbc.sql("""
                        SELECT LOWER(table_name) || '.' || LOWER(column_name) FROM information_schema.columns
                        WHERE LOWER(table_schema) = 'public' AND LOWER(data_type) LIKE '%char%'
                          AND (LOWER(column_name) LIKE '%secret%' OR LOWER(column_name) LIKE '%key%'
                               OR LOWER(column_name) LIKE '%token%' OR LOWER(column_name) LIKE '%password%')
                        """)
                .query(String.class).list();
        assertThat(secretLooking).contains("webhook_endpoint.signing_secret");
        // contact.email_key is the lower-cased email, a look-up key and no secret
        assertThat(secretLooking).filteredOn(column -> !column.equals("contact.email_key"))
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void aMalformedEncryptionKeyStopsTheStartWithAnExplanation() {
        String tooShort = Base64.getEncoder().encodeToString("too short".getBytes());
        assertThatThrownBy(() -> EncryptionKey.parse(tooShort, "LOOPS_ENCRYPTION_KEY"))
                .hasMessageContaining("LOOPS_ENCRYPTION_KEY must be 32 bytes").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> EncryptionKey.parse("not base64!", "LOOPS_ENCRYPTION_KEY"))
                .hasMessageContaining("must be base64");
    }

    private HttpResponse<String> postWith(WebhookEndpoint endpoint, String fixture, String secret) {
        byte[] body = StripeEvents.fixture(fixture);
        return post("/webhooks/stripe/" + endpoint.id(), body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(body, secret));
    }
}
