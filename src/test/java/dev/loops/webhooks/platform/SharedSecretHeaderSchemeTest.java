package dev.loops.webhooks.platform;

import static dev.loops.webhooks.platform.SignedRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared secret header: the value the endpoint issued, sent as X-Webhook-Secret, is all a request proves. */
class SharedSecretHeaderSchemeTest {

    private static final String SECRET = "q7C3xJ9vTn2LwR8bYk4PzD6mHs1FgE5aUo0NcVi_X-Q";
    private static final String PREVIOUS = "Zr4Kp8Wd2Nx6Bj0Tf3Lq9Hv5Mc1Sg7Ay-E_uIoPnRtY";
    private static final Instant NOW = Instant.parse("2026-12-02T05:30:00Z");
    private static final String BODY = "{\"type\":\"INSERT\",\"table\":\"profiles\",\"schema\":\"public\",\"record\":{\"id\":1},\"old_record\":null}";
    private static final String WRONG_VALUE = "The X-Webhook-Secret header does not match this endpoint's secret. Set it "
            + "to the value this endpoint showed when it was created or last rotated (a previous value stops working "
            + "when its rotation period ends).";

    private final SharedSecretHeaderScheme scheme = new SharedSecretHeaderScheme();

    @Test
    void acceptsTheRightValueWithoutMessageId() {
        assertThat(verify(Map.of("X-Webhook-Secret", SECRET), List.of(SECRET))).isEqualTo(VerifiedSignature.WITHOUT_MESSAGE_ID);
        assertThat(verify(Map.of("x-webhook-secret", SECRET), List.of(SECRET))).isEqualTo(VerifiedSignature.WITHOUT_MESSAGE_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zr4Kp8Wd2Nx6Bj0Tf3Lq9Hv5Mc1Sg7Ay-E_uIoPnRtY", "q7C3xJ9vTn2LwR8bYk4PzD6mHs1FgE5aUo0NcVi_X-q",
            "q7C3xJ9vTn2LwR8bYk4PzD6mHs1FgE5aUo0NcVi_X-", "q7C3xJ9vTn2LwR8bYk4PzD6mHs1FgE5aUo0NcVi_X-QQ",
            "Bearer q7C3xJ9vTn2LwR8bYk4PzD6mHs1FgE5aUo0NcVi_X-Q", "q7C3xJ9vTn2LwR8bYk4PzD6mHs1FgE5aUo0NcVi_X-Q ", "q"})
    void rejectsAnyOtherValue(String value) {
        assertThatThrownBy(() -> verify(Map.of("X-Webhook-Secret", value), List.of(SECRET)))
                .isInstanceOf(InvalidSignatureException.class).hasMessage(WRONG_VALUE);
    }

    @Test
    void rejectsAMissingHeader() {
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-Webhook-Secret", ""),
                Map.of("X-Webhook-Secret", " "), Map.of("Authorization", "Bearer " + SECRET))) {
            assertThatThrownBy(() -> verify(headers, List.of(SECRET)))
                    .isInstanceOf(InvalidSignatureException.class)
                    .hasMessage("Missing X-Webhook-Secret header: add the header and value this endpoint showed when "
                            + "it was created (or rotated) to the hook's HTTP headers.");
        }
    }

    @Test
    void acceptsThePreviousSecretWhileARotationLasts() {
        assertThat(verify(Map.of("X-Webhook-Secret", PREVIOUS), List.of(SECRET, PREVIOUS))).isNotNull();
        assertThat(verify(Map.of("X-Webhook-Secret", SECRET), List.of(SECRET, PREVIOUS))).isNotNull();
        assertThatThrownBy(() -> verify(Map.of("X-Webhook-Secret", PREVIOUS), List.of(SECRET))).hasMessage(WRONG_VALUE);
    }

    @Test
    void anEndpointWithoutSecretAcceptsNothing() {
        assertThatThrownBy(() -> verify(Map.of("X-Webhook-Secret", SECRET), List.of()))
                .isInstanceOf(InvalidSignatureException.class).hasMessageStartingWith("This endpoint has no secret yet");
    }

    @Test
    void issuesSecretsOf256RandomBitsThatVerifyAgainstThemselves() {
        assertThat(scheme.issuesSecrets()).isTrue();
        Set<String> issued = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            IssuedSecret secret = scheme.issueSecret();
            assertThat(secret.headerName()).isEqualTo("X-Webhook-Secret").isEqualTo(SharedSecretHeaderScheme.HEADER_NAME);
            assertThat(secret.value()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(secret.value())).hasSize(32);
            assertThat(scheme.secretProblem(secret.value())).isEmpty();
            assertThat(verify(Map.of(secret.headerName(), secret.value()), List.of(secret.value()))).isNotNull();
            issued.add(secret.value());
        }
        assertThat(issued).as("every issued secret is new").hasSize(1000);
        String other = scheme.issueSecret().value();
        assertThatThrownBy(() -> verify(Map.of("X-Webhook-Secret", other), List.of(SECRET))).hasMessage(WRONG_VALUE);
    }

    @Test
    void declaredSecretsCarryAtLeast128Bits() {
        assertThat(scheme.secretProblem("A".repeat(22))).isEmpty();
        assertThat(scheme.secretProblem(SECRET)).isEmpty();
        assertThat(scheme.secretProblem("a_-Z9".repeat(100))).isEmpty();
        for (String bad : new String[] {null, "", "A".repeat(21), "A".repeat(513), SECRET + "=", SECRET + " ",
                "q7C3xJ9vTn2LwR8bYk4PzD6m+s1FgE5aUo0NcVi/X-Q", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw.", "sécret-sécret-sécret-sécret"}) {
            assertThat(scheme.secretProblem(bad)).as(String.valueOf(bad))
                    .contains("signingSecret must be 22 to 512 letters, digits, '_' or '-' (at least 128 random bits "
                            + "in base64url; for example: openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')");
        }
    }

    private VerifiedSignature verify(Map<String, String> headers, List<String> secrets) {
        return scheme.verify(request(headers, BODY), secrets, NOW);
    }
}
