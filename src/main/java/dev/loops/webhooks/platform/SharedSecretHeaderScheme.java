package dev.loops.webhooks.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * For platforms that sign nothing and only let the user add static HTTP headers to a hook (Supabase Database
 * Webhooks, for example): the endpoint issues a random secret, shown once, that the user adds to the hook as the
 * {@value #HEADER_NAME} header. The request proves only that its sender knows the secret: there is no timestamp,
 * so nothing stops a replay by someone who saw a request, and no message id. Use it over HTTPS only.
 */
@Component("sharedSecretHeaderScheme")
public class SharedSecretHeaderScheme implements SignatureScheme {

    public static final String HEADER_NAME = "X-Webhook-Secret";

    /** 22 base64url characters carry 128 bits, the least a secret declared in configuration may have. */
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{22,512}");
    private static final int ISSUED_BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    @Override
    public VerifiedSignature verify(SignedRequest request, List<String> secrets, Instant now) {
        String value = request.header(HEADER_NAME);
        if (value == null || value.isBlank()) {
            throw new InvalidSignatureException("Missing " + HEADER_NAME + " header: add the header and value this "
                    + "endpoint showed when it was created (or rotated) to the hook's HTTP headers.");
        }
        if (secrets.isEmpty()) {
            throw new InvalidSignatureException("This endpoint has no secret yet, so no request can prove it comes "
                    + "from the hook: rotate the endpoint's secret to issue one, and add it to the hook's HTTP headers.");
        }
        byte[] received = sha256(value);
        boolean matches = false;
        for (String secret : secrets) {
            // every secret is compared, and only digests: neither the value's length nor a match shows in the time
            matches |= MessageDigest.isEqual(received, sha256(secret));
        }
        if (!matches) {
            throw new InvalidSignatureException("The " + HEADER_NAME + " header does not match this endpoint's "
                    + "secret. Set it to the value this endpoint showed when it was created or last rotated (a "
                    + "previous value stops working when its rotation period ends).");
        }
        return VerifiedSignature.WITHOUT_MESSAGE_ID;
    }

    /** The secret itself, in its header: all the platform sends. */
    @Override
    public Map<String, String> sign(String secret, byte[] body, String eventId, Instant time) {
        return Map.of(HEADER_NAME, secret);
    }

    @Override
    public Optional<String> secretProblem(String secret) {
        if (secret != null && SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of("signingSecret must be 22 to 512 letters, digits, '_' or '-' (at least 128 random bits in "
                + "base64url; for example: openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')");
    }

    @Override
    public boolean issuesSecrets() {
        return true;
    }

    /** 256 random bits in base64url without padding: 43 characters that need no escaping in any header. */
    @Override
    public IssuedSecret issueSecret() {
        byte[] bytes = new byte[ISSUED_BYTES];
        random.nextBytes(bytes);
        return new IssuedSecret(HEADER_NAME, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
