package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loops.webhooks.endpoint.EndpointDraft;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that must change nothing: every rejection row of the HTTP contract, with its status and error
 * code, and a check that no contact, trigger event or dedupe claim was written.
 */
@ExtendWith(OutputCaptureExtension.class)
class StripeWebhookRejectionTest extends ServiceTest {

    private final byte[] invoicePaid = StripeEvents.fixture("invoice.paid");

    @AfterEach
    void nothingWasAppliedNorLogged(CapturedOutput output) {
        assertThat(count("contact")).isZero();
        assertThat(count("trigger_event")).isZero();
        assertThat(count("processed_event")).isZero();
        // neither the body, nor a signature, nor the secret reaches the logs
        assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain("missouri@example.org")
                .doesNotContain("in_1RFFohKXBGcbgpbZk9MxzDMc").doesNotContain("v1=");
    }

    @Test
    void missingSignatureHeaderIs401() {
        WebhookEndpoint endpoint = stripeEndpoint();
        HttpResponse<String> response = post(path(endpoint), invoicePaid, "Content-Type", "application/json");
        assertRejected(response, 401, "invalid_signature", "Missing Stripe-Signature header");
        assertThat(jdbc.sql("SELECT outcome || ' ' || http_status FROM webhook_delivery").query(String.class).single())
                .isEqualTo("rejected 401");
    }

    @ParameterizedTest
    @ValueSource(strings = {"t=,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7", "t,v1=,v0=",
            "t,v1=,v0", "t,v1=,", "t,,", ",,", "t", "v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7",
            "t=1533204620", "t=abc,v1=2220f87e", "t=1533204620,v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef"})
    void malformedSignatureHeadersAre401(String header) {
        WebhookEndpoint endpoint = stripeEndpoint();
        HttpResponse<String> response = postWithSignature(endpoint, invoicePaid, header);
        assertRejected(response, 401, "invalid_signature", "Malformed Stripe-Signature header");
    }

    @Test
    void aSignatureMadeWithAnotherSecretIs401() {
        WebhookEndpoint endpoint = stripeEndpoint();
        String otherSecret = "whsec_someone_elses_secret_0123456789";
        HttpResponse<String> response = postWithSignature(endpoint, invoicePaid, StripeEvents.sign(invoicePaid, otherSecret));
        assertRejected(response, 401, "invalid_signature", "No signature in the Stripe-Signature header matches");
    }

    @Test
    void oneFlippedBodyByteIs401() {
        WebhookEndpoint endpoint = stripeEndpoint();
        String signature = StripeEvents.sign(invoicePaid, SECRET);
        byte[] tampered = Arrays.copyOf(invoicePaid, invoicePaid.length);
        int digit = new String(tampered, StandardCharsets.ISO_8859_1).indexOf("24512");
        tampered[digit] = '9';
        HttpResponse<String> response = postWithSignature(endpoint, tampered, signature);
        assertRejected(response, 401, "invalid_signature", "No signature");
    }

    @Test
    void theSameJsonReserializedWithOtherWhitespaceIs401() throws Exception {
        WebhookEndpoint endpoint = stripeEndpoint();
        String signature = StripeEvents.sign(invoicePaid, SECRET);
        byte[] compact = json.writeValueAsBytes(json.readTree(invoicePaid));
        HttpResponse<String> response = postWithSignature(endpoint, compact, signature);
        assertRejected(response, 401, "invalid_signature", "No signature");
    }

    @Test
    void aTimestampMoreThan300SecondsOldIs401() {
        WebhookEndpoint endpoint = stripeEndpoint();
        long old = Instant.now().getEpochSecond() - 301;
        HttpResponse<String> response = postWithSignature(endpoint, invoicePaid, StripeEvents.sign(invoicePaid, SECRET, old));
        assertRejected(response, 401, "invalid_signature", "more than 300 seconds old");
    }

    /** A request captured three days ago, replayed with a fresh t in front of the one it was signed with. */
    @Test
    void aCapturedRequestReplayedWithAFreshTimestampBesideItsOwnIs401() {
        WebhookEndpoint endpoint = stripeEndpoint();
        long now = Instant.now().getEpochSecond();
        String captured = StripeEvents.sign(invoicePaid, SECRET, now - 3 * 24 * 3600);
        HttpResponse<String> response = postWithSignature(endpoint, invoicePaid, "x=1, t=" + now + "," + captured);
        assertRejected(response, 401, "invalid_signature", "Malformed Stripe-Signature header");
        assertThat(readJson(response.body()).path("message").asText()).contains("whitespace");
        response = postWithSignature(endpoint, invoicePaid, "t=" + now + "," + captured);
        assertRejected(response, 401, "invalid_signature", "more than one timestamp");
    }

    @Test
    void twoSignatureHeadersAre401() {
        WebhookEndpoint endpoint = stripeEndpoint();
        long now = Instant.now().getEpochSecond();
        HttpResponse<String> response = post(path(endpoint), invoicePaid, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(invoicePaid, SECRET, now - 3 * 24 * 3600),
                "Stripe-Signature", StripeEvents.sign(invoicePaid, SECRET, now));
        assertRejected(response, 401, "invalid_signature", "sent more than once");
    }

    @Test
    void aTimestampMoreThan300SecondsInTheFutureIs401() {
        WebhookEndpoint endpoint = stripeEndpoint();
        long future = Instant.now().getEpochSecond() + 301;
        HttpResponse<String> response = postWithSignature(endpoint, invoicePaid, StripeEvents.sign(invoicePaid, SECRET, future));
        assertRejected(response, 401, "invalid_signature", "in the future");
    }

    @Test
    void anEndpointWithoutSigningSecretSaysHowToAddIt() {
        WebhookEndpoint endpoint = endpoints.create(new EndpointDraft("stripe", "No secret yet", null, null, true, null, null));
        HttpResponse<String> response = postWithSignature(endpoint, invoicePaid, StripeEvents.sign(invoicePaid, SECRET));
        assertRejected(response, 401, "invalid_signature", "no signing secret yet");
        assertThat(readJson(response.body()).path("message").asText()).contains("PUT /api/endpoints/" + endpoint.id());
    }

    @Test
    void validlySignedBytesThatAreNotJsonAre400() {
        assertPayloadRejected("this is not json".getBytes(StandardCharsets.UTF_8), "not valid JSON");
    }

    @Test
    void validlySignedJsonWithoutIdOrTypeIs400() {
        assertPayloadRejected("{\"object\":\"event\",\"data\":{\"object\":{}}}".getBytes(StandardCharsets.UTF_8),
                "it has no id or no type");
    }

    @Test
    void aStripeThinEventIs400() {
        assertPayloadRejected("{\"id\":\"evt_test_webhook\",\"object\":\"v2.core.event\",\"type\":\"v1.billing.meter.error_report_triggered\"}"
                .getBytes(StandardCharsets.UTF_8), "not a Stripe snapshot event");
    }

    @Test
    void validlySignedInvalidUtf8Is400() {
        byte[] body = "{\"id\":\"evt_1\",\"type\":\"customer.created\",\"x\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertPayloadRejected(body, "not valid UTF-8");
    }

    @Test
    void jsonNestedBeyondTheParsersLimitIs400() {
        byte[] deep = ("{\"id\":\"evt_deep\",\"type\":\"customer.created\",\"data\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
        assertPayloadRejected(deep, "not valid JSON");
    }

    @Test
    void anEmptyBodyIs400() {
        assertPayloadRejected(new byte[0], "not a JSON object");
    }

    @Test
    void unknownEndpointIs404AndIsNotLogged() {
        HttpResponse<String> response = post("/webhooks/stripe/we_AAAAAAAAAAAAAAAAAAAAAAAA", invoicePaid,
                "Content-Type", "application/json", "Stripe-Signature", StripeEvents.sign(invoicePaid, SECRET));
        assertRejected(response, 404, "unknown_endpoint", "No enabled webhook endpoint has this URL");
        assertThat(count("webhook_delivery")).isZero();
    }

    @Test
    void aDisabledEndpointIs404() {
        WebhookEndpoint endpoint = endpoints.create(new EndpointDraft("stripe", "Paused", SECRET, null, false, null, null));
        HttpResponse<String> response = postWithSignature(endpoint, invoicePaid, StripeEvents.sign(invoicePaid, SECRET));
        assertRejected(response, 404, "unknown_endpoint", "No enabled webhook endpoint");
    }

    @Test
    void methodsOtherThanPostAre405() {
        WebhookEndpoint endpoint = stripeEndpoint();
        for (String method : new String[] {"GET", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> response = request(method, path(endpoint), "{}", "Content-Type", "application/json");
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
    }

    @Test
    void contentTypesOtherThanJsonAre415() {
        WebhookEndpoint endpoint = stripeEndpoint();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
            HttpResponse<String> response = post(path(endpoint), invoicePaid,
                    "Content-Type", type, "Stripe-Signature", StripeEvents.sign(invoicePaid, SECRET));
            assertThat(response.statusCode()).as(type).isEqualTo(415);
        }
    }

    @Test
    void aBodyOverTheLimitIs413ByContentLength() {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] large = oversized();
        HttpResponse<String> response = postWithSignature(endpoint, large, StripeEvents.sign(large, SECRET));
        assertRejected(response, 413, "payload_too_large", "larger than the 1048576 bytes");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] large = oversized();
        HttpResponse<String> response = postChunked(path(endpoint), large,
                "Content-Type", "application/json", "Stripe-Signature", StripeEvents.sign(large, SECRET));
        assertRejected(response, 413, "payload_too_large", "larger than");
    }

    private void assertPayloadRejected(byte[] body, String message) {
        WebhookEndpoint endpoint = stripeEndpoint();
        HttpResponse<String> response = postWithSignature(endpoint, body, StripeEvents.sign(body, SECRET));
        assertRejected(response, 400, "invalid_payload", message);
    }

    private void assertRejected(HttpResponse<String> response, int status, String error, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = readJson(response.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).contains(message);
        assertThat(response.body()).doesNotContain("missouri@example.org").doesNotContain(SECRET);
        assertThat(response.headers().firstValue("Stripe-Signature")).isEmpty();
    }

    private HttpResponse<String> postWithSignature(WebhookEndpoint endpoint, byte[] body, String signatureHeader) {
        return post(path(endpoint), body, "Content-Type", "application/json", "Stripe-Signature", signatureHeader);
    }

    private static byte[] oversized() {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }

    private static String path(WebhookEndpoint endpoint) {
        return "/webhooks/stripe/" + endpoint.id();
    }
}
