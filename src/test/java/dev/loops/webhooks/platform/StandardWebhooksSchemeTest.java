package dev.loops.webhooks.platform;

import static dev.loops.webhooks.platform.SignedRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loops.webhooks.config.LoopsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Standard Webhooks scheme against the official test vectors of standard-webhooks/standard-webhooks (the
 * sign vector of the python, go, ruby and java libraries, the rust one and its negative, the negative cases of
 * their tests) and against real Clerk payloads with svix-* headers computed independently (python, at
 * 1700000000), with a fixed instant. Nothing here signs with the scheme's own code.
 */
class StandardWebhooksSchemeTest {

    /** libraries/python/tests/test_webhooks.py::test_sign_function, the same in go, ruby and java. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String PAYLOAD = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    /** libraries/rust/src/lib.rs test_sign and test_no_verify. */
    private static final String RUST_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final String RUST_MSG_ID = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk";
    private static final long RUST_TIMESTAMP = 1649367553;
    private static final String RUST_PAYLOAD = "{\"email\":\"test@example.com\",\"username\":\"test_user\"}";
    private static final String RUST_SIGNATURE = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=";
    private static final String RUST_NOT_SIGNATURE = "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=";

    /** A signature of another message (python test_multi_sig_payload_is_valid), as after a rotation. */
    private static final String STALE = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    private static final String NO_SIGNATURE_MATCHES = "No signature in the webhook-signature header matches this "
            + "endpoint's signing secret. Check that the endpoint's secret is the whsec_... signing secret of this "
            + "webhook endpoint, and that nothing between the sender and this service changes the body.";

    private final StandardWebhooksScheme scheme = new StandardWebhooksScheme(new LoopsProperties());

    @Test
    void acceptsTheOfficialSignVectorAndProvesItsMessageId() {
        assertThat(verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP))
                .isEqualTo(new VerifiedSignature(MSG_ID));
    }

    @Test
    void acceptsTheRustVectorAndNotItsNegative() {
        assertThat(verify(headers(RUST_MSG_ID, RUST_TIMESTAMP, RUST_SIGNATURE), RUST_PAYLOAD, RUST_SECRET, RUST_TIMESTAMP))
                .isEqualTo(new VerifiedSignature(RUST_MSG_ID));
        assertThatThrownBy(() -> verify(headers(RUST_MSG_ID, RUST_TIMESTAMP, RUST_NOT_SIGNATURE), RUST_PAYLOAD, RUST_SECRET, RUST_TIMESTAMP))
                .isInstanceOf(InvalidSignatureException.class).hasMessage(NO_SIGNATURE_MATCHES);
    }

    @Test
    void acceptsSvixHeaderNamesAndNamesThemInMessages() {
        Map<String, String> svix = Map.of("svix-id", MSG_ID, "svix-timestamp", Long.toString(TIMESTAMP), "svix-signature", SIGNATURE);
        assertThat(verify(svix, PAYLOAD, SECRET, TIMESTAMP)).isEqualTo(new VerifiedSignature(MSG_ID));

        assertThatThrownBy(() -> verify(svix, PAYLOAD + " ", SECRET, TIMESTAMP))
                .hasMessageStartingWith("No signature in the svix-signature header matches");
        assertThatThrownBy(() -> verify(svix, PAYLOAD, SECRET, TIMESTAMP + 301))
                .hasMessageStartingWith("The svix-timestamp header is more than 300 seconds old");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        Map<String, String> mixedCase = Map.of("Webhook-Id", MSG_ID, "WEBHOOK-TIMESTAMP", Long.toString(TIMESTAMP),
                "webhook-SIGNATURE", SIGNATURE);
        assertThat(verify(mixedCase, PAYLOAD, SECRET, TIMESTAMP)).isEqualTo(new VerifiedSignature(MSG_ID));
    }

    @Test
    void acceptsAValidV1AmongSeveralSignaturesAndVersions() {
        String several = "v1," + STALE + " v2," + STALE + " " + SIGNATURE + " v1," + STALE;
        assertThat(verify(headers(MSG_ID, TIMESTAMP, several), PAYLOAD, SECRET, TIMESTAMP)).isNotNull();
    }

    @Test
    void acceptsTheSecretWithoutItsPrefix() {
        assertThat(verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", TIMESTAMP)).isNotNull();
    }

    /** Keys of 23 and 25 bytes, whose base64 needs one and two padding characters; signatures computed in python. */
    @ParameterizedTest
    @ValueSource(strings = {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS v1,LVOXivKoo4FWasi/IaHvzhE/u+7/cu2AME+zS/nXqzk=",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr v1,yK2tMbA6BHPrMEJ1lLv7UlJJbgFoqGenJkiajZ29evg="})
    void acceptsAnUnpaddedSecret(String secretAndSignature) {
        String[] parts = secretAndSignature.split(" ");
        String unpadded = parts[0];
        String padded = unpadded + "=".repeat(4 - unpadded.substring("whsec_".length()).length() % 4);
        assertThat(verify(headers(MSG_ID, TIMESTAMP, parts[1]), PAYLOAD, unpadded, TIMESTAMP)).isNotNull();
        assertThat(verify(headers(MSG_ID, TIMESTAMP, parts[1]), PAYLOAD, padded, TIMESTAMP)).isNotNull();
        assertThat(scheme.secretProblem(unpadded)).isEmpty();
        assertThat(scheme.secretProblem(padded)).isEmpty();
    }

    @Test
    void acceptsUpToTheToleranceEitherWay() {
        assertThat(verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP + 300)).isNotNull();
        assertThat(verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP - 300)).isNotNull();
    }

    @Test
    void rejectsATimestampTooOld() {
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP + 301))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("The webhook-timestamp header is more than 300 seconds old, so the request may be a replay. "
                        + "Every delivery attempt is signed afresh; if this is not a replay, check this server's clock.");
    }

    @Test
    void rejectsATimestampTooNew() {
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP - 301))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("The webhook-timestamp header is more than 300 seconds in the future. Check this server's clock.");
    }

    @Test
    void theToleranceComesFromTheSettings() {
        LoopsProperties properties = new LoopsProperties();
        properties.getWebhooks().setSignatureTolerance(Duration.ofSeconds(10));
        StandardWebhooksScheme strict = new StandardWebhooksScheme(properties);
        SignedRequest request = request(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD);

        assertThat(strict.verify(request, List.of(SECRET), Instant.ofEpochSecond(TIMESTAMP - 10))).isNotNull();
        assertThatThrownBy(() -> strict.verify(request, List.of(SECRET), Instant.ofEpochSecond(TIMESTAMP + 11)))
                .hasMessageContaining("more than 10 seconds old");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature"})
    void missingEachHeader(String missing) {
        String prefix = missing.substring(0, missing.indexOf('-') + 1);
        Map<String, String> headers = new LinkedHashMap<>(Map.of(prefix + "id", MSG_ID,
                prefix + "timestamp", Long.toString(TIMESTAMP), prefix + "signature", SIGNATURE));
        headers.remove(missing);

        assertThatThrownBy(() -> verify(headers, PAYLOAD, SECRET, TIMESTAMP))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("Missing " + missing + " header: requests to this endpoint must be signed with its signing "
                        + "secret (Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature, or the same "
                        + "headers named svix-id, svix-timestamp and svix-signature).");
        headers.put(missing, " ");
        assertThatThrownBy(() -> verify(headers, PAYLOAD, SECRET, TIMESTAMP)).hasMessageStartingWith("Missing " + missing + " header");
    }

    @Test
    void noHeadersAtAll() {
        assertThatThrownBy(() -> verify(Map.of(), PAYLOAD, SECRET, TIMESTAMP)).hasMessageStartingWith("Missing webhook-id header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "1614265330.0", "-1614265330", "+1614265330", " 1614265330", "1614265330 ", "1e9",
            "0x603a1bf2", "1614265330000000"})
    void malformedTimestamp(String timestamp) {
        Map<String, String> headers = Map.of("webhook-id", MSG_ID, "webhook-timestamp", timestamp, "webhook-signature", SIGNATURE);
        assertThatThrownBy(() -> verify(headers, PAYLOAD, SECRET, TIMESTAMP))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("Malformed webhook-timestamp header: expected the time of sending in unix seconds.");
    }

    /** Partial, truncated, one character off, made up: none is the signature, and none is echoed. */
    @ParameterizedTest
    @ValueSource(strings = {"v1,g0hM9SsE", "v1,", "v1,dawfeoifkpqwoekfpqoekf", "v1,invalid_signature",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE",
            "v1,G0HM9SSE+OTPJTGT/TMIKTSYZLE3UFJELVLNIOLJ1OE=", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE==",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=x", "v1,,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v1, g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v1,ü0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="})
    void rejectsSignaturesThatAreNotTheSignature(String signature) {
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, signature), PAYLOAD, SECRET, TIMESTAMP))
                .isInstanceOf(InvalidSignatureException.class).hasMessage(NO_SIGNATURE_MATCHES);
    }

    /** The valid signature under another version, or with no version: this endpoint checks v1 only. */
    @ParameterizedTest
    @ValueSource(strings = {"v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "invalid_signature", "V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            "v1=g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v1a,abc v2,def"})
    void onlyUnknownVersions(String signature) {
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, signature), PAYLOAD, SECRET, TIMESTAMP))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("The webhook-signature header has no v1 signature: this endpoint checks v1 (HMAC-SHA256 "
                        + "with the endpoint's signing secret) and ignores other versions.");
    }

    @Test
    void rejectsTheWrongSecret() {
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD, RUST_SECRET, TIMESTAMP))
                .hasMessage(NO_SIGNATURE_MATCHES);
    }

    @Test
    void acceptsThePreviousSecretBesideTheCurrentOne() {
        assertThat(scheme.verify(request(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD), List.of(RUST_SECRET, SECRET),
                Instant.ofEpochSecond(TIMESTAMP))).isEqualTo(new VerifiedSignature(MSG_ID));
    }

    @Test
    void rejectsTheBodyWithOneByteChanged() {
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), "{\"test\": 2432232315}", SECRET, TIMESTAMP))
                .hasMessage(NO_SIGNATURE_MATCHES);
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, SIGNATURE), "{\"test\":  2432232314}", SECRET, TIMESTAMP))
                .hasMessage(NO_SIGNATURE_MATCHES);
    }

    @Test
    void theIdAndTheTimestampAreSigned() {
        assertThatThrownBy(() -> verify(headers("msg_p5jXN8AQM9LWM0D4loKWxJeK", TIMESTAMP, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP))
                .hasMessage(NO_SIGNATURE_MATCHES);
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP + 1, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP))
                .hasMessage(NO_SIGNATURE_MATCHES);
        // the same instant written with a leading zero is other signed content
        Map<String, String> leadingZero = Map.of("webhook-id", MSG_ID, "webhook-timestamp", "0" + TIMESTAMP, "webhook-signature", SIGNATURE);
        assertThatThrownBy(() -> verify(leadingZero, PAYLOAD, SECRET, TIMESTAMP)).hasMessage(NO_SIGNATURE_MATCHES);
    }

    static Stream<JsonNode> clerkRequests() {
        List<JsonNode> requests = new ArrayList<>();
        CLERK_VECTORS.path("requests").forEach(requests::add);
        return requests.stream();
    }

    /** Real Clerk payloads as Svix sends them: the exact file bytes, svix-* headers signed at 1700000000. */
    @ParameterizedTest
    @MethodSource("clerkRequests")
    void acceptsClerkPayloadsSignedThroughSvix(JsonNode vector) throws NoSuchAlgorithmException {
        byte[] body = clerkFixture(vector.path("file").asText());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
                .as("the fixture's bytes are the ones that were signed").isEqualTo(vector.path("body_sha256").asText());
        Map<String, String> svix = Map.of("svix-id", vector.path("svix-id").asText(),
                "svix-timestamp", vector.path("svix-timestamp").asText(), "svix-signature", vector.path("svix-signature").asText());
        String secret = CLERK_VECTORS.path("secret").asText();
        long signedAt = CLERK_VECTORS.path("timestamp").asLong();

        assertThat(scheme.verify(request(svix, body), List.of(secret), Instant.ofEpochSecond(signedAt + 299)))
                .isEqualTo(new VerifiedSignature(vector.path("svix-id").asText()));

        Map<String, String> standard = Map.of("webhook-id", svix.get("svix-id"), "webhook-timestamp", svix.get("svix-timestamp"),
                "webhook-signature", svix.get("svix-signature"));
        assertThat(scheme.verify(request(standard, body), List.of(secret), Instant.ofEpochSecond(signedAt))).isNotNull();

        byte[] flipped = body.clone();
        flipped[body.length / 2] ^= 0x01;
        assertThatThrownBy(() -> scheme.verify(request(svix, flipped), List.of(secret), Instant.ofEpochSecond(signedAt)))
                .hasMessageStartingWith("No signature in the svix-signature header matches");
    }

    @Test
    void boundsWhatItParses() {
        String tooMany = (("v1," + STALE + " ").repeat(16) + SIGNATURE);
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, tooMany), PAYLOAD, SECRET, TIMESTAMP))
                .hasMessage("Malformed webhook-signature header: it has more than 16 signatures.");
        String sixteen = (("v1," + STALE + " ").repeat(15) + SIGNATURE);
        assertThat(verify(headers(MSG_ID, TIMESTAMP, sixteen), PAYLOAD, SECRET, TIMESTAMP)).isNotNull();

        String tooLong = SIGNATURE + " ".repeat(2048);
        assertThatThrownBy(() -> verify(headers(MSG_ID, TIMESTAMP, tooLong), PAYLOAD, SECRET, TIMESTAMP))
                .hasMessage("Malformed webhook-signature header: it is longer than 2048 characters.");

        for (String id : new String[] {"m".repeat(257), "msg 1", "msg\t1", "msg_é"}) {
            assertThatThrownBy(() -> verify(headers(id, TIMESTAMP, SIGNATURE), PAYLOAD, SECRET, TIMESTAMP))
                    .hasMessage("Malformed webhook-id header: expected the message id, 1 to 256 characters without spaces.");
        }
    }

    @Test
    void anEndpointWithoutSecretSaysSo() {
        assertThatThrownBy(() -> scheme.verify(request(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD), List.of(),
                Instant.ofEpochSecond(TIMESTAMP)))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("This endpoint has no signing secret yet. Add the whsec_... signing secret the platform "
                        + "shows for this webhook endpoint.");
    }

    @Test
    void aStoredSecretThatIsNotBase64MatchesNothing() {
        SignedRequest request = request(headers(MSG_ID, TIMESTAMP, SIGNATURE), PAYLOAD);
        Instant now = Instant.ofEpochSecond(TIMESTAMP);
        assertThatThrownBy(() -> scheme.verify(request, List.of("whsec_not base64!", "whsec_"), now))
                .hasMessageStartingWith("This endpoint's signing secret is not whsec_ followed by base64");
        assertThat(scheme.verify(request, List.of("whsec_not base64!", SECRET), now)).isNotNull();
    }

    @Test
    void secretsAreWhsecAndTheBase64OfAtLeast16Bytes() {
        for (String good : new String[] {SECRET, RUST_SECRET, "whsec_AAAAAAAAAAAAAAAAAAAAAA==", "whsec_AAAAAAAAAAAAAAAAAAAAAA",
                "whsec_" + "A".repeat(340) + "AA==", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr"}) {
            assertThat(scheme.secretProblem(good)).as(good).isEmpty();
        }
        for (String bad : new String[] {null, "", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_AAAAAAAAAAAAAAAAAAAA",
                "whsec_" + "A".repeat(344) + "AA==", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ", "whsec_MfKQ9r8GKYqrTwjUPD8I-PZIo2LaLaSw",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw===", "v1,whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_test_secret"}) {
            assertThat(scheme.secretProblem(bad)).as(String.valueOf(bad)).contains("signingSecret must be the signing "
                    + "secret the platform shows for this webhook endpoint, starting with whsec_ (whsec_ and the base64 "
                    + "of 16 to 256 random bytes)");
        }
        assertThat(scheme.issuesSecrets()).isFalse();
    }

    private static final JsonNode CLERK_VECTORS = readClerkVectors();

    private static JsonNode readClerkVectors() {
        try {
            return new ObjectMapper().readTree(clerkFixture("svix-signatures.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] clerkFixture(String file) {
        try (InputStream in = StandardWebhooksSchemeTest.class.getResourceAsStream("/clerk/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture clerk/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp), "webhook-signature", signature);
    }

    private VerifiedSignature verify(Map<String, String> headers, String payload, String secret, long nowEpochSeconds) {
        return scheme.verify(request(headers, payload), List.of(secret), Instant.ofEpochSecond(nowEpochSeconds));
    }
}
