package dev.loops.webhooks.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.stripe.net.Webhook;
import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.stereotype.Component;

/**
 * Stripe's webhook signature (https://docs.stripe.com/webhooks#verify-manually): the {@code Stripe-Signature}
 * header carries a timestamp and HMAC-SHA256 signatures, in hex, of {@code <timestamp>.<payload>} keyed with the
 * endpoint's whole {@code whsec_...} secret. The HMAC is stripe-java's own; the header is parsed here, strictly
 * ({@link StripeSignatureHeader}), so the timestamp checked for freshness is the one that was signed. Stripe's
 * events carry their id in the body, so the signature proves no message id.
 */
@Component("stripeSignatureScheme")
public class StripeSignatureScheme implements SignatureScheme {

    private static final Pattern SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=_-]{8,490}");

    private final long toleranceSeconds;

    public StripeSignatureScheme(LoopsProperties properties) {
        this.toleranceSeconds = properties.getWebhooks().getSignatureTolerance().toSeconds();
    }

    @Override
    public VerifiedSignature verify(SignedRequest request, List<String> secrets, Instant now) {
        StripeSignatureHeader signature = StripeSignatureHeader.parse(request.header(StripeSignatureHeader.NAME));
        if (secrets.isEmpty()) {
            throw new InvalidSignatureException("This endpoint has no signing secret yet. Add the signing secret "
                    + "Stripe shows for this webhook endpoint (whsec_...) with PUT /api/endpoints/<endpoint id> "
                    + "{\"signingSecret\": \"whsec_...\"}.");
        }
        checkSignature(signature, request.payload(), secrets);
        checkFreshness(signature.timestamp(), now.getEpochSecond());
        return VerifiedSignature.WITHOUT_MESSAGE_ID;
    }

    /** {@code Stripe-Signature: t=<unix seconds>,v1=<hex>}, as Stripe signs; the event's id is in the body. */
    @Override
    public Map<String, String> sign(String secret, byte[] body, String eventId, Instant time) {
        long timestamp = time.getEpochSecond();
        String payload = new String(body, StandardCharsets.UTF_8);
        String signature = new String(hmac(secret, timestamp + "." + payload), StandardCharsets.US_ASCII);
        return Map.of(StripeSignatureHeader.NAME, "t=" + timestamp + ",v1=" + signature);
    }

    @Override
    public Optional<String> secretProblem(String secret) {
        if (secret != null && SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of("signingSecret must be the endpoint's Stripe signing secret, starting with whsec_");
    }

    private static void checkSignature(StripeSignatureHeader signature, String payload, List<String> secrets) {
        String signedPayload = signature.signedPayload(payload);
        for (String secret : secrets) {
            byte[] expected = hmac(secret, signedPayload);
            for (String candidate : signature.signatures()) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return;
                }
            }
        }
        throw new InvalidSignatureException("No signature in the Stripe-Signature header matches this "
                + "endpoint's signing secret. Check that the endpoint's secret is the whsec_... secret of this "
                + "webhook endpoint in Stripe, and that nothing between Stripe and this service changes the body.");
    }

    /** Stripe's v1 scheme, computed by stripe-java over exactly the timestamp that is checked for freshness. */
    private static byte[] hmac(String secret, String signedPayload) {
        try {
            return Webhook.Util.computeHmacSha256(secret, signedPayload).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private void checkFreshness(long signedAt, long now) {
        if (signedAt < now - toleranceSeconds) {
            throw new InvalidSignatureException("The Stripe-Signature timestamp is more than "
                    + toleranceSeconds + " seconds old, so the request may be a replay. Stripe signs every retry "
                    + "afresh; if this is not a replay, check this server's clock.");
        }
        if (signedAt > now + toleranceSeconds) {
            throw new InvalidSignatureException("The Stripe-Signature timestamp is more than "
                    + toleranceSeconds + " seconds in the future. Check this server's clock.");
        }
    }
}
