package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.endpoint.EndpointDirectory;
import dev.loops.webhooks.endpoint.EndpointRepository;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.StripeEvents;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier against Stripe's official static test vector (stripe-dotnet: secret "webhook_secret",
 * t=1533204620, over the exact fixture bytes) and the edge cases around it, with a fixed clock.
 */
class StripeSignatureVerifierTest {

    private static final byte[] OFFICIAL_PAYLOAD = StripeEvents.fixture("official-vector.customer.created");
    private static final String OFFICIAL_HEADER = "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,"
            + "v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";
    private static final String OFFICIAL_V1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7";
    private static final long SIGNED_AT = 1533204620;
    private static final String ENDPOINT_ID = "we_0123456789abcdefghijklmn";

    @Test
    void acceptsStripesOfficialVectorWithinTolerance() {
        Exchange exchange = verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, OFFICIAL_HEADER, SIGNED_AT + 100);

        assertThat(exchange.getVariable("eventId")).isEqualTo("evt_123");
        assertThat(exchange.getVariable("eventType")).isEqualTo("customer.created");
        assertThat(exchange.getVariable("endpointId")).isEqualTo(ENDPOINT_ID);
        assertThat(exchange.getMessage().getBody(JsonNode.class).path("data").path("object").path("email").asText())
                .isEqualTo("test@stripe.com");
    }

    @Test
    void rejectsTheOfficialVectorOutsideTolerance() {
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, OFFICIAL_HEADER, SIGNED_AT + 400))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("more than 300 seconds old");
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, OFFICIAL_HEADER, SIGNED_AT - 301))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("in the future");
    }

    @Test
    void rejectsAChangedPayload() {
        byte[] changed = (new String(OFFICIAL_PAYLOAD, StandardCharsets.UTF_8) + "this_changes_the_json").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), changed, OFFICIAL_HEADER, SIGNED_AT))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("No signature");
    }

    @Test
    void rejectsThePayloadWithItsTrailingNewlineStripped() {
        byte[] stripped = Arrays.copyOf(OFFICIAL_PAYLOAD, OFFICIAL_PAYLOAD.length - 1);
        assertThat(OFFICIAL_PAYLOAD[OFFICIAL_PAYLOAD.length - 1]).isEqualTo((byte) '\n');
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), stripped, OFFICIAL_HEADER, SIGNED_AT))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("No signature");
    }

    @Test
    void acceptsAnyMatchingV1AmongSeveral() {
        String header = "t=1533204620,v1=" + "0".repeat(64) + ",v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7";
        Exchange exchange = verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, header, SIGNED_AT);
        assertThat(exchange.getVariable("eventId")).isEqualTo("evt_123");
    }

    /** The replay that once passed: a fresh t for the freshness check beside the old t the signature was made with. */
    @ParameterizedTest
    @ValueSource(strings = {
            "x=1, t={now},t={old},v1={sig}", "t={now},t={old},v1={sig}", "t={old},t={now},v1={sig}",
            "v1={sig},t={now},t={old}", "t={old},v1={sig},t={now}", "t={now},v1={sig},t={old}",
            "t={old},t={old},v1={sig}"})
    void refusesAHeaderWithTwoTimestampsInAnyOrder(String template) {
        long threeDaysLater = SIGNED_AT + 3 * 24 * 3600;
        String header = template.replace("{now}", Long.toString(threeDaysLater)).replace("{old}", Long.toString(SIGNED_AT))
                .replace("{sig}", OFFICIAL_V1);
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, header, threeDaysLater))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("Malformed Stripe-Signature header");
    }

    @ParameterizedTest
    @ValueSource(strings = {" t={t},v1={sig}", "t={t}, v1={sig}", "t={t} ,v1={sig}", "t ={t},v1={sig}", "t= {t},v1={sig}",
            "t={t},v1 ={sig}", "t={t},v1= {sig}", "t={t},\tv1={sig}", "t=\t{t},v1={sig}", "t={t},v1={sig}\t,v0=ab",
            "t={t},,v1={sig}", "t={t},v1={sig},", "t={t},v1", "t={t},=ab,v1={sig}", "t=+{t},v1={sig}", "t=-{t},v1={sig}"})
    void refusesWhitespaceAndItemsThatAreNotKeyValue(String template) {
        String header = template.replace("\\t", "\t").replace("{t}", Long.toString(SIGNED_AT)).replace("{sig}", OFFICIAL_V1);
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, header, SIGNED_AT))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("Malformed Stripe-Signature header");
    }

    @Test
    void acceptsAValidV1BesideJunkV1sAndIgnoresUnknownItems() {
        String header = "x=1,t=1533204620,v1=zzz,v1=" + "0".repeat(64) + ",v0=whatever,v1=" + OFFICIAL_V1 + ",v1=not-hex";
        assertThat(verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, header, SIGNED_AT).getVariable("eventId"))
                .isEqualTo("evt_123");
    }

    @Test
    void onlyJunkV1sMatchNothing() {
        String header = "t=1533204620,v1=zzz,v1=" + OFFICIAL_V1.toUpperCase() + ",v1=" + OFFICIAL_V1 + "00";
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, header, SIGNED_AT))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("No signature");
    }

    @Test
    void aValidSignatureWithAnOldTimestampIsAReplay() {
        long threeDaysLater = SIGNED_AT + 3 * 24 * 3600;
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, OFFICIAL_HEADER, threeDaysLater))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("more than 300 seconds old");
    }

    @Test
    void theTimestampIsPartOfWhatIsSigned() {
        // the official signature with a fresh timestamp in its place: the HMAC is over the new one, so nothing matches
        long now = SIGNED_AT + 3 * 24 * 3600;
        String header = "t=" + now + ",v1=" + OFFICIAL_V1;
        assertThatThrownBy(() -> verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, header, now))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("No signature");
    }

    @Test
    void acceptsThePreviousSecretUntilItExpires() {
        OffsetDateTime expires = OffsetDateTime.ofInstant(Instant.ofEpochSecond(SIGNED_AT + 60), ZoneOffset.UTC);
        WebhookEndpoint rotated = new WebhookEndpoint(ENDPOINT_ID, "stripe", "Rotated", "whsec_new_secret_0123456789",
                "webhook_secret", expires, null, Map.of(), null, true, "api", null, null);

        assertThat(verify(rotated, OFFICIAL_PAYLOAD, OFFICIAL_HEADER, SIGNED_AT + 30).getVariable("eventId"))
                .isEqualTo("evt_123");
        assertThatThrownBy(() -> verify(rotated, OFFICIAL_PAYLOAD, OFFICIAL_HEADER, SIGNED_AT + 61))
                .isInstanceOf(WebhookRejectedException.class).hasMessageContaining("No signature");
    }

    @Test
    void rejectionsCarryTheirStatusAndCode() {
        WebhookRejectedException missing = catchRejection(() ->
                verify(endpointWithSecret("webhook_secret"), OFFICIAL_PAYLOAD, null, SIGNED_AT));
        assertThat(missing.reason().status()).isEqualTo(401);
        assertThat(missing.reason().code()).isEqualTo("invalid_signature");

        WebhookRejectedException unknown = catchRejection(() -> verify(null, OFFICIAL_PAYLOAD, OFFICIAL_HEADER, SIGNED_AT));
        assertThat(unknown.reason().status()).isEqualTo(404);
    }

    private static WebhookRejectedException catchRejection(Runnable call) {
        try {
            call.run();
        } catch (WebhookRejectedException e) {
            return e;
        }
        throw new AssertionError("expected a rejection");
    }

    private static WebhookEndpoint endpointWithSecret(String secret) {
        return new WebhookEndpoint(ENDPOINT_ID, "stripe", "Test", secret, null, null, null, Map.of(), null, true, "api", null, null);
    }

    private static Exchange verify(WebhookEndpoint endpoint, byte[] body, String header, long nowEpochSeconds) {
        // the endpoint table is replaced by the one endpoint under test; everything else is the real verifier
        EndpointDirectory directory = new EndpointDirectory(new EndpointRepository(null, null, null)) {
            @Override
            public Optional<WebhookEndpoint> find(String id) {
                return Optional.ofNullable(endpoint).filter(e -> e.id().equals(id));
            }
        };
        Clock clock = Clock.fixed(Instant.ofEpochSecond(nowEpochSeconds), ZoneOffset.UTC);
        StripeSignatureVerifier verifier = new StripeSignatureVerifier(directory, clock, new LoopsProperties(), new StripeEventEnvelope(new ObjectMapper(), new StripeEventTypes()));
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("endpointId", ENDPOINT_ID);
        if (header != null) {
            exchange.getMessage().setHeader("Stripe-Signature", header);
        }
        exchange.getMessage().setBody(body);
        verifier.process(exchange);
        return exchange;
    }
}
