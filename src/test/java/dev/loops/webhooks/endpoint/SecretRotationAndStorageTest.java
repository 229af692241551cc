package dev.loops.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;

/** Rolling a signing secret without dropping deliveries, and secrets that are unreadable in the database. */
class SecretRotationAndStorageTest extends ServiceTest {

    private static final String NEW_SECRET = "whsec_rolled_secret_abcdefghijklmnopqr";

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
    void withAnEncryptionKeySecretsAreStoredSealedAndReadBackIntact() {
        LoopsProperties properties = new LoopsProperties();
        properties.setEncryptionKey(Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes()));
        SecretCipher cipher = new SecretCipher(properties);
        EndpointRepository sealed = new EndpointRepository(jdbc, json, cipher);
        WebhookEndpoint endpoint = stripeEndpoint();
        WebhookEndpoint withKey = new WebhookEndpoint(endpoint.id(), "stripe", endpoint.name(), SECRET, null, null, null,
                endpoint.events(), "rk_test_51AbCdEfGhIjKlMnOpQrStUv", true, "api", endpoint.createdAt(), endpoint.updatedAt());

        sealed.update(withKey);

        Map<String, Object> row = jdbc.sql("SELECT signing_secret, stripe_api_key FROM webhook_endpoint WHERE id = :id")
                .param("id", endpoint.id()).query().singleRow();
        assertThat((String) row.get("signing_secret")).startsWith("enc:v1:").doesNotContain(SECRET);
        assertThat((String) row.get("stripe_api_key")).startsWith("enc:v1:").doesNotContain("rk_test_51AbCdEf");
        WebhookEndpoint read = sealed.findById(endpoint.id()).orElseThrow();
        assertThat(read.signingSecret()).isEqualTo(SECRET);
        assertThat(read.stripeApiKey()).isEqualTo("rk_test_51AbCdEfGhIjKlMnOpQrStUv");

        SecretCipher withoutKey = new SecretCipher(new LoopsProperties());
        assertThatThrownBy(() -> new EndpointRepository(jdbc, json, withoutKey).findById(endpoint.id()))
                .hasMessageContaining("LOOPS_ENCRYPTION_KEY is not set");
        jdbc.sql("DELETE FROM webhook_endpoint").update();
    }

    @Test
    void aMalformedEncryptionKeyStopsTheStartWithAnExplanation() {
        LoopsProperties properties = new LoopsProperties();
        properties.setEncryptionKey(Base64.getEncoder().encodeToString("too short".getBytes()));
        assertThatThrownBy(() -> new SecretCipher(properties)).hasMessageContaining("must be 32 bytes");
    }

    private HttpResponse<String> postWith(WebhookEndpoint endpoint, String fixture, String secret) {
        byte[] body = StripeEvents.fixture(fixture);
        return post("/webhooks/stripe/" + endpoint.id(), body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(body, secret));
    }
}
