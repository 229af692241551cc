package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Signed Stripe events that are processed, deduplicated or ignored: status, body, rows and the Kafka record. */
class StripeWebhookProcessingTest extends ServiceTest {

    @Test
    void invoicePaidCreatesTheContactRecordsTheTriggerEventAndPublishesIt() {
        WebhookEndpoint endpoint = stripeEndpoint();

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture("invoice.paid"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = readJson(response.body());
        assertThat(body.path("status").asText()).isEqualTo("processed");
        assertThat(body.path("eventId").asText()).isEqualTo("evt_1QxInvoicePaidMissouri01");
        assertThat(body.path("contact").path("email").asText()).isEqualTo("missouri@example.org");
        assertThat(body.path("contact").path("action").asText()).isEqualTo("created");
        assertThat(body.path("triggeredEvent").asText()).isEqualTo("successfulPayment");
        assertThat(body.path("message").asText()).contains("missouri@example.org created", "successfulPayment");

        Map<String, Object> contact = contactRow("missouri@example.org");
        assertThat(contact).containsEntry("email", "missouri@example.org")
                .containsEntry("first_name", "Missouri")
                .containsEntry("source", "Stripe webhook")
                .containsEntry("user_group", "customers");
        assertThat(identities("missouri@example.org")).containsExactly("stripe:cus_S9YwWMaQEgeJYO");
        assertThat(contact.get("last_name")).isNull();

        Map<String, Object> event = jdbc.sql("SELECT * FROM trigger_event").query().singleRow();
        assertThat(event).containsEntry("event_name", "successfulPayment")
                .containsEntry("email", "missouri@example.org")
                .containsEntry("source_event_id", "evt_1QxInvoicePaidMissouri01")
                .containsEntry("source_event_type", "invoice.paid");

        ConsumerRecord<String, String> record = kafkaRecord((String) event.get("id"), Duration.ofSeconds(20));
        assertThat(record.key()).isEqualTo("missouri@example.org");
        JsonNode value = readJson(record.value());
        assertThat(value.path("eventName").asText()).isEqualTo("successfulPayment");
        assertThat(value.path("email").asText()).isEqualTo("missouri@example.org");
        assertThat(value.path("contactId").asLong()).isEqualTo(((Number) contact.get("id")).longValue());
        assertThat(value.path("occurredAt").asText()).isEqualTo("2026-01-01T02:00:00Z");
        assertThat(value.path("source").path("provider").asText()).isEqualTo("stripe");
        assertThat(value.path("source").path("endpointId").asText()).isEqualTo(endpoint.id());
        assertThat(value.path("source").path("eventId").asText()).isEqualTo("evt_1QxInvoicePaidMissouri01");
        assertThat(value.path("source").path("eventType").asText()).isEqualTo("invoice.paid");
        JsonNode properties = value.path("eventProperties");
        assertThat(properties.path("amountPaid").asLong()).isEqualTo(24512);
        assertThat(properties.path("currency").asText()).isEqualTo("usd");
        assertThat(properties.path("invoiceId").asText()).isEqualTo("in_1RFFohKXBGcbgpbZk9MxzDMc");
        assertThat(properties.has("hostedInvoiceUrl")).isTrue();
        assertThat(record.headers().toArray()).isEmpty();

        await(() -> jdbc.sql("SELECT COUNT(*) FROM trigger_event WHERE published_at IS NOT NULL").query(Long.class).single() == 1);
        Map<String, Object> delivery = jdbc.sql("SELECT * FROM webhook_delivery").query().singleRow();
        assertThat(delivery).containsEntry("outcome", "processed").containsEntry("http_status", 200)
                .containsEntry("event_id", "evt_1QxInvoicePaidMissouri01").containsEntry("event_type", "invoice.paid")
                .containsEntry("endpoint_id", endpoint.id()).containsEntry("trigger_event", "successfulPayment");
    }

    @Test
    void requestHeadersNamedLikeTheStatementsParametersChangeNothing() {
        // the SQL steps read contactId, emailKey, triggerRecord, ... by name; a header of that name is not one of them
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("customer.created"));
        long existing = ((Number) contactRow("zoe.li@example.com").get("id")).longValue();
        byte[] body = StripeEvents.fixture("invoice.paid");

        HttpResponse<String> response = post("/webhooks/stripe/" + endpoint.id(), body,
                "Content-Type", "application/json; charset=utf-8", "Stripe-Signature", StripeEvents.sign(body, SECRET),
                "contactId", Long.toString(existing), "emailKey", "zoe.li@example.com", "email", "zoe.li@example.com",
                "triggerRecord", "{\"forged\":true}", "triggerEventId", "forged-id", "moveFromKey", "zoe.li@example.com");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(readJson(response.body()).path("contact").path("email").asText()).isEqualTo("missouri@example.org");
        long missouri = ((Number) contactRow("missouri@example.org").get("id")).longValue();
        assertThat(missouri).isNotEqualTo(existing);
        assertThat(contactRow("zoe.li@example.com")).containsEntry("email", "Zoe.Li@Example.COM");
        Map<String, Object> event = jdbc.sql("SELECT * FROM trigger_event WHERE event_name = 'successfulPayment'")
                .query().singleRow();
        assertThat(event.get("id")).isNotEqualTo("forged-id");
        assertThat(((Number) event.get("contact_id")).longValue()).isEqualTo(missouri);
        assertThat((String) event.get("record")).doesNotContain("forged").contains("missouri@example.org");
    }

    @Test
    void invoicePaymentFailedRecordsFailedPaymentWithFirstAndLastName() {
        WebhookEndpoint endpoint = stripeEndpoint();

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture("invoice.payment_failed"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(readJson(response.body()).path("triggeredEvent").asText()).isEqualTo("failedPayment");
        assertThat(contactRow("customer@example.org"))
                .containsEntry("first_name", "Example").containsEntry("last_name", "Customer");
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event").query(String.class).single()).isEqualTo("failedPayment");
    }

    @Test
    void nonAsciiNamesVerifyAndAreStoredExactly() {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] body = StripeEvents.fixture("customer.created");
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("Zoë 李小龍 Ångström 🚀");

        HttpResponse<String> response = postSigned(endpoint, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("contact").path("email").asText()).isEqualTo("Zoe.Li@Example.COM");
        assertThat(reply.path("triggeredEvent").asText()).isEqualTo("newStripeCustomer");
        assertThat(contactRow("zoe.li@example.com"))
                .containsEntry("email", "Zoe.Li@Example.COM")
                .containsEntry("first_name", "Zoë")
                .containsEntry("last_name", "李小龍 Ångström 🚀");
    }

    @Test
    void aLaterEventForTheSameAddressInAnotherCaseUpdatesTheContactAndKeepsItsSourceAndGroup() {
        WebhookEndpoint first = stripeEndpoint();
        postSigned(first, StripeEvents.fixture("customer.created"));
        WebhookEndpoint second = stripeEndpoint("Second account", "other group", endpointsFor("customer.updated", null));

        HttpResponse<String> response = postSigned(second, StripeEvents.fixture("customer.updated"));

        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("processed");
        assertThat(reply.path("contact").path("action").asText()).isEqualTo("updated");
        assertThat(reply.path("triggeredEvent").isNull()).isTrue();
        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactRow("zoe.li@example.com"))
                .containsEntry("email", "Zoe.Li@Example.COM")
                .containsEntry("first_name", "Zoë")
                .containsEntry("last_name", "Li")
                .containsEntry("source", "Stripe webhook")
                .containsEntry("user_group", "customers");
        assertThat(count("trigger_event")).isEqualTo(1);
    }

    @Test
    void theSameEventDeliveredTwiceIsProcessedOnce() {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] body = StripeEvents.fixture("invoice.paid");
        postSigned(endpoint, body);
        Object contactUpdatedAt = contactRow("missouri@example.org").get("updated_at");

        HttpResponse<String> again = postSigned(endpoint, body);

        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(again.body());
        assertThat(reply.path("status").asText()).isEqualTo("duplicate");
        assertThat(reply.path("eventId").asText()).isEqualTo("evt_1QxInvoicePaidMissouri01");
        assertThat(reply.path("message").asText()).contains("already processed");
        assertThat(count("contact")).isEqualTo(1);
        assertThat(contactRow("missouri@example.org").get("updated_at")).isEqualTo(contactUpdatedAt);
        assertThat(count("trigger_event")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT outcome FROM webhook_delivery ORDER BY id").query(String.class).list())
                .containsExactly("processed", "duplicate");
    }

    @Test
    void unsupportedEventTypesAreIgnoredNamingWhatIsSupported() {
        WebhookEndpoint endpoint = stripeEndpoint();

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture("customer.source.created"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText())
                .contains("customer.source.created is not supported")
                .contains("customer.created", "customer.updated", "invoice.paid", "invoice.payment_failed");
        assertNothingChangedButTheLog("ignored");
    }

    @Test
    void typesNotEnabledOnTheEndpointAreIgnoredNamingWhatIsEnabled() {
        WebhookEndpoint endpoint = stripeEndpoint("Only payments", null, endpointsFor("invoice.paid", "successfulPayment"));

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture("customer.created"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).contains("customer.created is not enabled", "enabled: invoice.paid");
        assertNothingChangedButTheLog("ignored");
    }

    @Test
    void aCustomerWithoutEmailIsIgnoredSayingSo() {
        WebhookEndpoint endpoint = stripeEndpoint();

        HttpResponse<String> response = postSigned(endpoint, StripeEvents.fixture("customer.created.no-email"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode reply = readJson(response.body());
        assertThat(reply.path("status").asText()).isEqualTo("ignored");
        assertThat(reply.path("message").asText()).contains("no email address");
        assertNothingChangedButTheLog("ignored");
    }

    @Test
    void aChunkedBodyJustUnderTheSizeLimitIsReadWhole() {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] invoicePaid = StripeEvents.fixture("invoice.paid");
        byte[] body = (new String(invoicePaid, StandardCharsets.UTF_8) + " ".repeat(1024 * 1024 - invoicePaid.length))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postChunked("/webhooks/stripe/" + endpoint.id(), body,
                "Content-Type", "application/json", "Stripe-Signature", StripeEvents.sign(body, SECRET));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(readJson(response.body()).path("status").asText()).isEqualTo("processed");
    }

    private void assertNothingChangedButTheLog(String outcome) {
        assertThat(count("contact")).isZero();
        assertThat(count("trigger_event")).isZero();
        assertThat(count("processed_event")).isZero();
        assertThat(jdbc.sql("SELECT outcome FROM webhook_delivery").query(String.class).single()).isEqualTo(outcome);
    }

    private static Map<String, EventSettings> endpointsFor(String type, String triggerEvent) {
        return Map.of(type, EventSettings.triggering(triggerEvent));
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(condition::getAsBoolean);
    }
}
