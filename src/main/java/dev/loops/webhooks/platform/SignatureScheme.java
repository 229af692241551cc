package dev.loops.webhooks.platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a platform proves that a request came from it: one implementation per scheme (Stripe's, Standard Webhooks,
 * a shared secret header), not per platform. A platform's route file names the scheme bean it uses.
 */
public interface SignatureScheme {

    /**
     * Checks the request against the secrets the endpoint accepts at {@code now} (the current one, and the
     * previous one while a rotation lasts), and returns what the signature proved. Throws
     * {@link InvalidSignatureException} with a message for the person reading the platform's webhook log (which
     * header is missing or malformed, no signature matches, the timestamp is outside the tolerance); the message
     * never repeats the request body or a signature.
     */
    VerifiedSignature verify(SignedRequest request, List<String> secrets, Instant now);

    /** Why a secret a user gave cannot be one of this scheme's, if it cannot (names the expected form). */
    Optional<String> secretProblem(String secret);

    /**
     * The headers the platform would send with {@code body}, signed with {@code secret} at {@code time}: what the
     * service's own test events carry, so they pass {@link #verify} like the platform's. {@code eventId} is the
     * message id for schemes that sign one (Standard Webhooks); the others ignore it.
     */
    Map<String, String> sign(String secret, byte[] body, String eventId, Instant time);

    /** Whether the service makes the secret and shows it once (a shared secret header), rather than the platform. */
    default boolean issuesSecrets() {
        return false;
    }

    /** A new secret, for schemes that issue them. */
    default IssuedSecret issueSecret() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not issue secrets");
    }
}
