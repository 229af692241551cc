package dev.loops.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.EventSettings;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;

/** "Why did this customer not get the email?": the log a support person reads, and replaying from it. */
class WebhookLogAndReplayTest extends ServiceTest {

    @Test
    void aVerifiedDeliveryKeepsItsPayloadAndARejectedOneDoesNot() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        post("/webhooks/stripe/" + endpoint.id(), StripeEvents.fixture("invoice.paid"),
                "Content-Type", "application/json", "Stripe-Signature", "t=1,v1=00");

        JsonNode log = readJson(admin("GET", "/api/deliveries", null).body());
        JsonNode rejected = log.get(0);
        JsonNode processed = log.get(1);
        assertThat(rejected.path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.path("hasPayload").asBoolean()).isFalse();
        assertThat(processed.path("hasPayload").asBoolean()).isTrue();
        assertThat(processed.has("payload")).isFalse();

        JsonNode detail = readJson(admin("GET", "/api/deliveries/" + processed.path("id").asLong(), null).body());
        assertThat(detail.path("payload").path("id").asText()).isEqualTo("evt_1QxInvoicePaidMissouri01");
        assertThat(detail.path("payload").path("data").path("object").path("customer_email").asText())
                .isEqualTo("missouri@example.org");
        JsonNode rejectedDetail = readJson(admin("GET", "/api/deliveries/" + rejected.path("id").asLong(), null).body());
        assertThat(rejectedDetail.has("payload")).isFalse();
        assertThat(rejectedDetail.path("message").asText()).contains("No signature").doesNotContain("missouri");
    }

    @Test
    void theLogFiltersByEndpointStatusTypeEmailAndTime() {
        WebhookEndpoint endpoint = stripeEndpoint();
        WebhookEndpoint other = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        postSigned(endpoint, StripeEvents.fixture("customer.created"));
        postSigned(endpoint, StripeEvents.fixture("customer.source.created"));
        postSigned(other, StripeEvents.fixture("invoice.payment_failed"));

        assertThat(ids("endpointId=" + endpoint.id())).hasSize(3);
        assertThat(ids("status=ignored")).hasSize(1);
        assertThat(ids("eventType=invoice.paid")).hasSize(1);
        assertThat(ids("email=MISSOURI@example.org")).hasSize(1);
        String now = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1).toString();
        assertThat(ids("from=" + now)).isEmpty();
        assertThat(ids("to=" + now)).hasSize(4);
        assertThat(ids("endpointId=" + other.id() + "&status=processed")).hasSize(1);
    }

    @Test
    void replayingAProcessedDeliveryIsADuplicateUnlessForced() {
        WebhookEndpoint endpoint = stripeEndpoint();
        postSigned(endpoint, StripeEvents.fixture("invoice.paid"));
        long original = readJson(admin("GET", "/api/deliveries", null).body()).get(0).path("id").asLong();

        HttpResponse<String> replay = admin("POST", "/api/deliveries/" + original + "/replay", null);

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(readJson(replay.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(readJson(replay.body()).path("replayOf").asLong()).isEqualTo(original);
        assertThat(count("trigger_event")).isEqualTo(1);

        HttpResponse<String> forced = admin("POST", "/api/deliveries/" + original + "/replay?force=true", null);

        assertThat(readJson(forced.body()).path("status").asText()).isEqualTo("processed");
        assertThat(readJson(forced.body()).path("triggeredEvent").asText()).isEqualTo("successfulPayment");
        assertThat(count("trigger_event")).isEqualTo(2);
        assertThat(count("contact")).isEqualTo(1);
        JsonNode newest = readJson(admin("GET", "/api/deliveries", null).body()).get(0);
        assertThat(newest.path("replayOf").asLong()).isEqualTo(original);
        assertThat(newest.path("status").asText()).isEqualTo("processed");
    }

    @Test
    void anIgnoredEventReplayedAfterTheEndpointEnablesItsTypeIsProcessed() {
        WebhookEndpoint endpoint = stripeEndpoint("Payments only", null,
                Map.of("invoice.paid", EventSettings.SYNC_ONLY));
        postSigned(endpoint, StripeEvents.fixture("customer.created"));
        postSigned(endpoint, StripeEvents.fixture("invoice.payment_failed"));
        assertThat(count("contact")).isZero();
        admin("PUT", "/api/endpoints/" + endpoint.id(),
                "{\"events\":{\"invoice.paid\":{},\"customer.created\":{},\"invoice.payment_failed\":{\"triggerEvent\":\"failedPayment\"}}}");

        HttpResponse<String> bulk = admin("POST", "/api/deliveries/replay?endpointId=" + endpoint.id() + "&status=ignored", null);

        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        JsonNode summary = readJson(bulk.body());
        assertThat(summary.path("replayed").asInt()).isEqualTo(2);
        assertThat(summary.path("outcomes").path("processed").asInt()).isEqualTo(2);
        assertThat(count("contact")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT event_name FROM trigger_event").query(String.class).list()).containsExactly("failedPayment");
    }

    @Test
    void aDeliveryWithoutPayloadCannotBeReplayed() {
        WebhookEndpoint endpoint = stripeEndpoint();
        post("/webhooks/stripe/" + endpoint.id(), StripeEvents.fixture("invoice.paid"), "Content-Type", "application/json");
        long rejected = readJson(admin("GET", "/api/deliveries", null).body()).get(0).path("id").asLong();

        HttpResponse<String> replay = admin("POST", "/api/deliveries/" + rejected + "/replay", null);

        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(readJson(replay.body()).path("detail").asText()).contains("no stored payload");
        assertThat(admin("POST", "/api/deliveries/999999/replay", null).statusCode()).isEqualTo(404);
    }

    @Test
    void anOversizedBodyToAKnownEndpointIsListedWithItsReason() {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] large = new byte[1024 * 1024 + 10];
        Arrays.fill(large, (byte) 'x');

        assertThat(post("/webhooks/stripe/" + endpoint.id(), large, "Content-Type", "application/json").statusCode()).isEqualTo(413);

        JsonNode entry = readJson(admin("GET", "/api/deliveries?endpointId=" + endpoint.id(), null).body()).get(0);
        assertThat(entry.path("status").asText()).isEqualTo("rejected");
        assertThat(entry.path("httpStatus").asInt()).isEqualTo(413);
        assertThat(entry.path("message").asText()).contains("larger than");
        assertThat(entry.path("hasPayload").asBoolean()).isFalse();
    }

    private List<JsonNode> ids(String query) {
        return readJson(admin("GET", "/api/deliveries?" + query, null).body()).findValues("id");
    }
}
