package dev.loops.webhooks.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import com.stripe.net.Webhook;
import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.endpoint.EndpointDirectory;
import dev.loops.webhooks.endpoint.EndpointService;
import dev.loops.webhooks.endpoint.WebhookEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * First step of the Stripe route: finds the endpoint, proves the request was signed by Stripe with the
 * endpoint's secret over the exact bytes received, and only then reads the event envelope.
 * Sets the variables {@code endpoint}, {@code endpointId}, {@code provider}, {@code receivedAt} and
 * {@code payload} (the body as text), then reads the envelope ({@link StripeEventEnvelope}).
 */
@Component("stripeSignatureVerifier")
public class StripeSignatureVerifier implements Processor {

    static final String SIGNATURE_HEADER = "Stripe-Signature";
    private static final byte[] NO_BYTES = new byte[0];

    private final EndpointDirectory endpoints;
    private final Clock clock;
    private final long toleranceSeconds;
    private final StripeEventEnvelope envelope;

    public StripeSignatureVerifier(EndpointDirectory endpoints, Clock clock, LoopsProperties properties,
                                   StripeEventEnvelope envelope) {
        this.endpoints = endpoints;
        this.clock = clock;
        this.toleranceSeconds = properties.getWebhooks().getSignatureTolerance().toSeconds();
        this.envelope = envelope;
    }

    @Override
    public void process(Exchange exchange) {
        Instant now = clock.instant();
        exchange.setVariable("receivedAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        exchange.setVariable("provider", EndpointService.STRIPE);
        Message message = exchange.getMessage();

        WebhookEndpoint endpoint = endpoints.findEnabled(EndpointService.STRIPE, message.getHeader("endpointId", String.class))
                .orElseThrow(WebhookRejectedException::unknownEndpoint);
        exchange.setVariable("endpoint", endpoint);
        exchange.setVariable("endpointId", endpoint.id());

        StripeSignatureHeader signature = StripeSignatureHeader.parse(message.getHeader(SIGNATURE_HEADER, String.class));
        byte[] body = Objects.requireNonNullElse(message.getBody(byte[].class), NO_BYTES);
        String payload = utf8(body);
        verify(signature, payload, endpoint.secretsValidAt(now), endpoint.id());
        checkFreshness(signature.timestamp(), now.getEpochSecond());

        exchange.setVariable("payload", payload);
        envelope.read(body, exchange, now);
    }

    private void verify(StripeSignatureHeader signature, String payload, List<String> secrets, String endpointId) {
        if (secrets.isEmpty()) {
            throw WebhookRejectedException.invalidSignature("This endpoint has no signing secret yet. Add the "
                    + "signing secret Stripe shows for this webhook endpoint (whsec_...) with "
                    + "PUT /api/endpoints/" + endpointId + " {\"signingSecret\": \"whsec_...\"}.");
        }
        String signedPayload = signature.signedPayload(payload);
        for (String secret : secrets) {
            byte[] expected = hmac(secret, signedPayload);
            for (String candidate : signature.signatures()) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return;
                }
            }
        }
        throw WebhookRejectedException.invalidSignature("No signature in the Stripe-Signature header matches this "
                + "endpoint's signing secret. Check that the endpoint's secret is the whsec_... secret of this "
                + "webhook endpoint in Stripe, and that nothing between Stripe and this service changes the body.");
    }

    /** Stripe's v1 scheme, computed by stripe-java over exactly the timestamp that was checked for freshness. */
    private static byte[] hmac(String secret, String signedPayload) {
        try {
            return Webhook.Util.computeHmacSha256(secret, signedPayload).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private void checkFreshness(long signedAt, long now) {
        if (signedAt < now - toleranceSeconds) {
            throw WebhookRejectedException.invalidSignature("The Stripe-Signature timestamp is more than "
                    + toleranceSeconds + " seconds old, so the request may be a replay. Stripe signs every retry "
                    + "afresh; if this is not a replay, check this server's clock.");
        }
        if (signedAt > now + toleranceSeconds) {
            throw WebhookRejectedException.invalidSignature("The Stripe-Signature timestamp is more than "
                    + toleranceSeconds + " seconds in the future. Check this server's clock.");
        }
    }

    /**
     * Stripe signs UTF-8 JSON and stripe-java verifies a String, so the bytes are decoded strictly: valid UTF-8
     * re-encodes to exactly the bytes received, and anything else cannot be a Stripe event.
     */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw WebhookRejectedException.invalidPayload("The body is not valid UTF-8, so it is not a Stripe event.");
        }
    }

}
