package dev.loops.webhooks.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.security.FailedLoginThrottle;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;

/** The admin API for endpoints, as an integration engineer uses it with curl. */
class EndpointApiTest extends ServiceTest {

    private static final String CREATE = """
            {"provider":"stripe","name":"Production Stripe","signingSecret":"%s","userGroup":"customers",
             "events":{"invoice.paid":{"triggerEvent":"successfulPayment"},"customer.created":{}}}
            """.formatted(SECRET);

    @Test
    void createReturnsTheUrlToPasteIntoStripeAndNeverTheSecret() {
        HttpResponse<String> response = admin("POST", "/api/endpoints", CREATE);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode created = readJson(response.body());
        String id = created.path("id").asText();
        assertThat(id).startsWith("we_").hasSize(27);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/endpoints/" + id);
        assertThat(created.path("url").asText()).isEqualTo("http://localhost:0/webhooks/stripe/" + id);
        assertThat(created.path("provider").asText()).isEqualTo("stripe");
        assertThat(created.path("userGroup").asText()).isEqualTo("customers");
        assertThat(created.path("events").path("invoice.paid").path("triggerEvent").asText()).isEqualTo("successfulPayment");
        assertThat(created.path("events").has("customer.created")).isTrue();
        assertThat(created.path("signingSecretHint").asText()).isEqualTo("whsec_…stuv");
        assertThat(response.body()).doesNotContain(SECRET);
        assertThat(admin("GET", "/api/endpoints/" + id, null).body()).doesNotContain(SECRET);
        assertThat(admin("GET", "/api/endpoints", null).body()).contains(id).doesNotContain(SECRET);
    }

    @Test
    void endpointIdsAreUnguessable() {
        String first = readJson(admin("POST", "/api/endpoints", CREATE).body()).path("id").asText();
        String second = readJson(admin("POST", "/api/endpoints", CREATE).body()).path("id").asText();
        assertThat(first).isNotEqualTo(second);
        // 18 random bytes = 144 bits, URL-safe base64 without padding
        assertThat(first.substring(3)).matches("[A-Za-z0-9_-]{24}");
    }

    @Test
    void aCreatedEndpointReceivesWebhooksAtItsUrl() {
        JsonNode created = readJson(admin("POST", "/api/endpoints", CREATE).body());
        byte[] body = StripeEvents.fixture("invoice.paid");

        HttpResponse<String> response = post("/webhooks/stripe/" + created.path("id").asText(), body,
                "Content-Type", "application/json", "Stripe-Signature", StripeEvents.sign(body, SECRET));

        assertThat(readJson(response.body()).path("triggeredEvent").asText()).isEqualTo("successfulPayment");
        assertThat(contactRow("missouri@example.org")).containsEntry("user_group", "customers");
    }

    @Test
    void updateChangesOnlyTheFieldsSentAndTakesEffectAtOnce() {
        String id = readJson(admin("POST", "/api/endpoints", CREATE).body()).path("id").asText();
        String newSecret = "whsec_rotated_secret_abcdefghijklmnop";

        HttpResponse<String> response = admin("PUT", "/api/endpoints/" + id,
                "{\"signingSecret\":\"" + newSecret + "\",\"events\":{\"invoice.paid\":{\"triggerEvent\":\"paid\"}}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode updated = readJson(response.body());
        assertThat(updated.path("name").asText()).isEqualTo("Production Stripe");
        assertThat(updated.path("userGroup").asText()).isEqualTo("customers");
        assertThat(updated.path("signingSecretHint").asText()).isEqualTo("whsec_…mnop");
        assertThat(updated.path("events").size()).isEqualTo(1);

        byte[] body = StripeEvents.fixture("invoice.paid");
        String path = "/webhooks/stripe/" + id;
        assertThat(post(path, body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(body, SECRET)).statusCode()).isEqualTo(401);
        HttpResponse<String> signedWithNewSecret = post(path, body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(body, newSecret));
        assertThat(readJson(signedWithNewSecret.body()).path("triggeredEvent").asText()).isEqualTo("paid");
    }

    @Test
    void deleteMakesTheUrlUnknown() {
        String id = readJson(admin("POST", "/api/endpoints", CREATE).body()).path("id").asText();

        assertThat(admin("DELETE", "/api/endpoints/" + id, null).statusCode()).isEqualTo(204);

        assertThat(admin("GET", "/api/endpoints/" + id, null).statusCode()).isEqualTo(404);
        byte[] body = StripeEvents.fixture("invoice.paid");
        assertThat(post("/webhooks/stripe/" + id, body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(body, SECRET)).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidDefinitionsAreRefusedWithEveryProblemNamed() {
        HttpResponse<String> unknownPlatform = admin("POST", "/api/endpoints", """
                {"provider":"paypal","name":"","events":{"invoice.paid":{"triggerEvent":"has spaces"}}}
                """);
        assertThat(unknownPlatform.statusCode()).isEqualTo(400);
        assertThat(readJson(unknownPlatform.body()).path("detail").asText()).contains(
                "provider 'paypal' is not supported; supported: clerk, stripe, supabase", "name is required",
                "events.invoice.paid.triggerEvent must be");

        HttpResponse<String> response = admin("POST", "/api/endpoints", """
                {"provider":"stripe","name":"","signingSecret":"sk_live_oops",
                 "events":{"charge.refunded":{},"invoice.paid":{"triggerEvent":"has spaces"}}}
                """);

        assertThat(response.statusCode()).isEqualTo(400);
        String detail = readJson(response.body()).path("detail").asText();
        assertThat(detail).contains("name is required", "signingSecret must be",
                "event type 'charge.refunded' is not supported", "events.invoice.paid.triggerEvent must be");
        assertThat(detail).doesNotContain("sk_live_oops");
        assertThat(count("webhook_endpoint")).isZero();
    }

    @Test
    void misspeltFieldsAreAnErrorNotIgnored() {
        HttpResponse<String> response = admin("POST", "/api/endpoints",
                "{\"name\":\"x\",\"events\":{\"invoice.paid\":{\"trigger_event\":\"paid\"}}}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(count("webhook_endpoint")).isZero();
    }

    @Test
    void everyAdminCallNeedsTheToken() {
        String id = stripeEndpoint().id();
        int wrongTokens = 0;
        for (String[] call : new String[][] {{"GET", "/api/endpoints"}, {"POST", "/api/endpoints"},
                {"GET", "/api/endpoints/" + id}, {"PUT", "/api/endpoints/" + id}, {"DELETE", "/api/endpoints/" + id},
                {"GET", "/api/contacts"}, {"GET", "/api/events"}, {"GET", "/api/deliveries"}}) {
            HttpResponse<String> anonymous = request(call[0], call[1], CREATE, "Content-Type", "application/json");
            HttpResponse<String> wrongToken = request(call[0], call[1], CREATE, "Content-Type", "application/json",
                    "Authorization", "Bearer " + ADMIN_TOKEN.substring(1));
            assertThat(anonymous.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
            // after five wrong tokens this address is locked out for a while (FailedLoginThrottle)
            assertThat(wrongToken.statusCode()).as(call[0] + " " + call[1])
                    .isEqualTo(++wrongTokens <= FailedLoginThrottle.FREE_FAILURES ? 401 : 429);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(count("webhook_endpoint")).isEqualTo(1);
    }

    @Test
    void contactsEventsAndDeliveriesShowWhatAWebhookDid() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        postSigned(endpoint, StripeEvents.fixture("customer.source.created"));

        JsonNode contacts = readJson(admin("GET", "/api/contacts?email=MISSOURI@example.org", null).body());
        assertThat(contacts).hasSize(1);
        JsonNode contact = contacts.get(0);
        assertThat(contact.path("email").asText()).isEqualTo("missouri@example.org");
        assertThat(contact.path("source").asText()).isEqualTo("Stripe webhook");
        JsonNode byId = readJson(admin("GET", "/api/contacts/" + contact.path("id").asLong(), null).body());
        assertThat(byId.path("firstName").asText()).isEqualTo("Missouri");
        assertThat(admin("GET", "/api/contacts/999999", null).statusCode()).isEqualTo(404);

        JsonNode events = readJson(admin("GET", "/api/events?email=missouri@example.org&name=successfulPayment", null).body());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("record").path("source").path("eventId").asText()).isEqualTo("evt_1QxInvoicePaidMissouri01");
        assertThat(readJson(admin("GET", "/api/events?name=failedPayment", null).body())).isEmpty();

        JsonNode deliveries = readJson(admin("GET", "/api/deliveries?endpointId=" + endpoint.id(), null).body());
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.get(0).path("status").asText()).isEqualTo("ignored");
        assertThat(deliveries.get(0).path("eventType").asText()).isEqualTo("customer.source.created");
        assertThat(deliveries.get(1).path("status").asText()).isEqualTo("processed");
        assertThat(deliveries.get(1).path("eventId").asText()).isEqualTo("evt_1QxInvoicePaidMissouri01");
        assertThat(deliveries.get(1).path("message").asText()).contains("created");
        assertThat(readJson(admin("GET", "/api/deliveries?status=processed", null).body())).hasSize(1);
        assertThat(admin("GET", "/api/deliveries?status=bogus", null).statusCode()).isEqualTo(400);
    }
}
