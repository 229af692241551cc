package dev.loops.webhooks.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.stereotype.Component;

/**
 * The Standard Webhooks signature
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md), which Svix sends
 * with {@code svix-} header names (Clerk, for example, signs through Svix). The sender signs
 * {@code <id>.<timestamp>.<payload>} with HMAC-SHA256, keyed with the base64-decoded part of the endpoint's
 * {@code whsec_...} secret, and sends the base64 signature as a {@code v1} entry of the signature header (one per
 * secret while a rotation lasts). The timestamp must be within the tolerance either way. A valid signature proves
 * the message id, which the sender keeps on every retry of the message.
 */
@Component("standardWebhooksScheme")
public class StandardWebhooksScheme implements SignatureScheme {

    private static final String SECRET_PREFIX = "whsec_";
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    /** The specification's senders make 24 to 64 random bytes: fewer than 16 or more than 256 is not their secret. */
    private static final int MIN_KEY_BYTES = 16;
    private static final int MAX_KEY_BYTES = 256;

    private final long toleranceSeconds;

    public StandardWebhooksScheme(LoopsProperties properties) {
        this.toleranceSeconds = properties.getWebhooks().getSignatureTolerance().toSeconds();
    }

    @Override
    public VerifiedSignature verify(SignedRequest request, List<String> secrets, Instant now) {
        StandardWebhooksHeaders headers = StandardWebhooksHeaders.parse(request);
        List<SecretKeySpec> keys = keys(secrets);
        byte[] signedContent = headers.signedContent(request.payload()).getBytes(StandardCharsets.UTF_8);
        if (!anySignatureMatches(headers.signatures(), keys, signedContent)) {
            throw new InvalidSignatureException("No signature in the " + headers.signatureHeaderName() + " header "
                    + "matches this endpoint's signing secret. Check that the endpoint's secret is the whsec_... "
                    + "signing secret of this webhook endpoint, and that nothing between the sender and this "
                    + "service changes the body.");
        }
        checkFreshness(headers, now.getEpochSecond());
        return new VerifiedSignature(headers.id());
    }

    /**
     * The three headers with Svix's names ({@link StandardWebhooksHeaders#SVIX_PREFIX}), as Svix senders (Clerk)
     * send them; {@link #verify} reads either naming, so every Standard Webhooks endpoint accepts them.
     */
    @Override
    public Map<String, String> sign(String secret, byte[] body, String eventId, Instant time) {
        SecretKeySpec key = keys(List.of(secret)).get(0);
        String timestamp = Long.toString(time.getEpochSecond());
        StandardWebhooksHeaders headers = new StandardWebhooksHeaders(StandardWebhooksHeaders.SVIX_PREFIX, eventId,
                timestamp, List.of());
        byte[] signedContent = headers.signedContent(new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        String signature = "v1," + Base64.getEncoder().encodeToString(hmac(key, signedContent));
        return Map.of(headers.idHeaderName(), eventId, headers.timestampHeaderName(), timestamp,
                headers.signatureHeaderName(), signature);
    }

    @Override
    public Optional<String> secretProblem(String secret) {
        if (secret != null && secret.startsWith(SECRET_PREFIX)) {
            int keyBytes = decode(secret.substring(SECRET_PREFIX.length())).map(key -> key.length).orElse(0);
            if (keyBytes >= MIN_KEY_BYTES && keyBytes <= MAX_KEY_BYTES) {
                return Optional.empty();
            }
        }
        return Optional.of("signingSecret must be the signing secret the platform shows for this webhook endpoint, "
                + "starting with whsec_ (whsec_ and the base64 of " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
                + " random bytes)");
    }

    /**
     * The HMAC keys of the endpoint's secrets. Libraries accept a secret with or without its {@code whsec_}
     * prefix, and base64 with or without padding; a stored secret that is not base64 can match nothing.
     */
    private static List<SecretKeySpec> keys(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new InvalidSignatureException("This endpoint has no signing secret yet. Add the whsec_... "
                    + "signing secret the platform shows for this webhook endpoint.");
        }
        List<SecretKeySpec> keys = secrets.stream()
                .map(secret -> secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret)
                .map(StandardWebhooksScheme::decode)
                .flatMap(Optional::stream)
                .map(key -> new SecretKeySpec(key, "HmacSHA256"))
                .toList();
        if (keys.isEmpty()) {
            throw new InvalidSignatureException("This endpoint's signing secret is not whsec_ followed by base64, "
                    + "so no signature can match it. Set it again to the signing secret the platform shows.");
        }
        return keys;
    }

    /** Any v1 signature made with any of the keys: compared in constant time, as base64 text of fixed length. */
    private static boolean anySignatureMatches(List<String> signatures, List<SecretKeySpec> keys, byte[] signedContent) {
        for (SecretKeySpec key : keys) {
            byte[] expected = Base64.getEncoder().encode(hmac(key, signedContent));
            for (String candidate : signatures) {
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] hmac(SecretKeySpec key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private void checkFreshness(StandardWebhooksHeaders headers, long now) {
        long signedAt = headers.signedAt();
        if (signedAt < now - toleranceSeconds) {
            throw new InvalidSignatureException("The " + headers.timestampHeaderName() + " header is more than "
                    + toleranceSeconds + " seconds old, so the request may be a replay. Every delivery attempt is "
                    + "signed afresh; if this is not a replay, check this server's clock.");
        }
        if (signedAt > now + toleranceSeconds) {
            throw new InvalidSignatureException("The " + headers.timestampHeaderName() + " header is more than "
                    + toleranceSeconds + " seconds in the future. Check this server's clock.");
        }
    }

    private static Optional<byte[]> decode(String base64) {
        if (!BASE64.matcher(base64).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getDecoder().decode(base64)).filter(key -> key.length > 0);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
