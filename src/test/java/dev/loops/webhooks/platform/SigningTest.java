package dev.loops.webhooks.platform;

import static dev.loops.webhooks.platform.SignedRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.loops.webhooks.config.LoopsProperties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Each scheme's {@code sign} makes what its {@code verify} accepts with the same secret and refuses with another:
 * the test events the service sends itself go through the same check as the platform's.
 */
class SigningTest {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final byte[] BODY = "{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    static Stream<Arguments> schemes() {
        LoopsProperties properties = new LoopsProperties();
        return Stream.of(
                Arguments.of(new StripeSignatureScheme(properties), "whsec_test_0123456789abcdefghijklmnopqrstuv",
                        "whsec_test_another_secret_0123456789abcdef"),
                Arguments.of(new StandardWebhooksScheme(properties), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"),
                Arguments.of(new SharedSecretHeaderScheme(), "Qm9vbGVhbi1zZWNyZXQtaGVhZGVyLXZhbHVlLTAx",
                        "YW5vdGhlci1zZWNyZXQtaGVhZGVyLXZhbHVlLTAy"));
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void whatASchemeSignsItVerifiesWithTheSameSecret(SignatureScheme scheme, String secret, String other) {
        Map<String, String> headers = scheme.sign(secret, BODY, "msg_test_1", NOW);

        assertThat(scheme.verify(request(headers, BODY), List.of(secret), NOW)).isNotNull();
        // and with the secret in a rotation's pair
        assertThat(scheme.verify(request(headers, BODY), List.of(other, secret), NOW)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("schemes")
    void whatASchemeSignsFailsWithAnotherSecret(SignatureScheme scheme, String secret, String other) {
        Map<String, String> headers = scheme.sign(secret, BODY, "msg_test_1", NOW);

        assertThatThrownBy(() -> scheme.verify(request(headers, BODY), List.of(other), NOW))
                .isInstanceOf(InvalidSignatureException.class);
    }

    @Test
    void standardWebhooksSigningMatchesTheSpecificationsVectorWithSvixNames() {
        // libraries/python/tests/test_webhooks.py::test_sign_function (also in StandardWebhooksSchemeTest)
        Map<String, String> headers = new StandardWebhooksScheme(new LoopsProperties()).sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8),
                "msg_p5jXN8AQM9LWM0D4loKWxJek", Instant.ofEpochSecond(1614265330));

        assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of(
                "svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "svix-timestamp", "1614265330",
                "svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    @Test
    void stripeSigningIsTheTimestampAndTheV1HmacOfTheBody() {
        StripeSignatureScheme scheme = new StripeSignatureScheme(new LoopsProperties());
        Map<String, String> headers = scheme.sign("whsec_test_0123456789abcdefghijklmnopqrstuv", BODY, null, NOW);

        assertThat(headers).containsOnlyKeys("Stripe-Signature");
        assertThat(headers.get("Stripe-Signature")).matches("t=" + NOW.getEpochSecond() + ",v1=[0-9a-f]{64}");
        // signed at NOW, it is stale once the tolerance has passed
        assertThatThrownBy(() -> scheme.verify(request(headers, BODY),
                List.of("whsec_test_0123456789abcdefghijklmnopqrstuv"), NOW.plusSeconds(3600)))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("seconds old");
    }
}
