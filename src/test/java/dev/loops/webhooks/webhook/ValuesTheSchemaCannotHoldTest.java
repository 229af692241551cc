package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;

/**
 * Validly signed events carrying values no column holds: each is answered 2xx or 4xx, never a 5xx that Stripe
 * would retry for three days.
 */
class ValuesTheSchemaCannotHoldTest extends ServiceTest {

    @Test
    void aCustomerIdLongerThanAnyStripeIdIgnoresTheEventSayingWhy() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        ObjectNode event = invoicePaid();
        object(event).put("customer", "cus_" + "x".repeat(300));

        HttpResponse<String> response = postSigned(endpoint, json.writeValueAsBytes(event));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = readJson(response.body());
        assertThat(body.path("status").asText()).isEqualTo("ignored");
        assertThat(body.path("message").asText()).contains("Stripe customer id that cannot be one", "longer than 255");
        assertThat(count("contact")).isZero();
        assertThat(count("processed_event")).isZero();
    }

    @Test
    void anInvoiceNumberAndUrlOf200000CharactersAreCutInTheTriggerEvent() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        ObjectNode event = invoicePaid();
        object(event).put("number", "N".repeat(200_000)).put("hosted_invoice_url", "https://x.example/" + "u".repeat(200_000));

        HttpResponse<String> response = postSigned(endpoint, json.writeValueAsBytes(event));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(readJson(response.body()).path("status").asText()).isEqualTo("processed");
        JsonNode properties = readJson(jdbc.sql("SELECT record FROM trigger_event").query(String.class).single())
                .path("eventProperties");
        assertThat(properties.path("invoiceNumber").asText()).isEqualTo("N".repeat(2_000));
        assertThat(properties.path("hostedInvoiceUrl").asText()).hasSize(2_000).startsWith("https://x.example/uuu");
        assertThat(properties.path("amountPaid").asLong()).isEqualTo(24512);
    }

    @Test
    void aNulCharacterInTheNameIsRemoved() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        ObjectNode event = invoicePaid();
        object(event).put("customer_name", "Miss\u0000ouri Smi\u0000th");

        HttpResponse<String> response = postSigned(endpoint, json.writeValueAsBytes(event));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> contact = contactRow("missouri@example.org");
        assertThat(contact).containsEntry("first_name", "Missouri").containsEntry("last_name", "Smith");
    }

    @Test
    void aNameOf250EmojisIsCutToTheColumnOnEveryDatabase() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        ObjectNode event = invoicePaid();
        object(event).put("customer_name", "🚀".repeat(250));

        HttpResponse<String> response = postSigned(endpoint, json.writeValueAsBytes(event));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(contactRow("missouri@example.org").get("first_name")).isEqualTo("🚀".repeat(100));
    }

    @Test
    void anEventIdWithAControlCharacterIs400AndChangesNothing() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        ObjectNode event = invoicePaid();
        event.put("id", "evt_\u0000");

        HttpResponse<String> response = postSigned(endpoint, json.writeValueAsBytes(event));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(readJson(response.body()).path("message").asText()).contains("control characters");
        assertThat(count("processed_event")).isZero();
    }

    @Test
    void aCreatedTimeACenturyAheadIsTakenAsNowSoLaterUpdatesStillApply() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        ObjectNode future = customerUpdated("evt_future_1", "Future Name");
        future.put("created", Instant.now().plusSeconds(100L * 365 * 24 * 3600).getEpochSecond());
        assertThat(postSigned(endpoint, json.writeValueAsBytes(future)).statusCode()).isEqualTo(200);

        ObjectNode later = customerUpdated("evt_later_2", "Later Name");
        later.put("created", Instant.now().plusSeconds(5).getEpochSecond());
        assertThat(postSigned(endpoint, json.writeValueAsBytes(later)).statusCode()).isEqualTo(200);

        assertThat(contactRow("billz@supabase.io")).containsEntry("first_name", "Later").containsEntry("last_name", "Name");
    }

    @Test
    void aFieldOfAnotherTypeThanStripeDocumentsIsIgnoredNot500() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        ObjectNode event = (ObjectNode) json.readTree(StripeEvents.fixture("checkout.session.completed"));
        object(event).put("customer_details", "a string where Stripe sends an object");

        HttpResponse<String> response = postSigned(endpoint, json.writeValueAsBytes(event));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = readJson(response.body());
        assertThat(body.path("status").asText()).isEqualTo("ignored");
        assertThat(body.path("message").asText()).contains("fields of other types than the platform documents");
        assertThat(jdbc.sql("SELECT outcome FROM webhook_delivery").query(String.class).single()).isEqualTo("ignored");
    }

    private ObjectNode invoicePaid() throws Exception {
        return (ObjectNode) json.readTree(StripeEvents.fixture("invoice.paid"));
    }

    private ObjectNode customerUpdated(String id, String name) throws Exception {
        ObjectNode event = (ObjectNode) json.readTree(StripeEvents.fixture("customer.updated.email-change"));
        event.put("id", id);
        object(event).put("name", name);
        ((ObjectNode) event.path("data")).remove("previous_attributes");
        return event;
    }

    private static ObjectNode object(ObjectNode event) {
        return (ObjectNode) event.path("data").path("object");
    }
}
