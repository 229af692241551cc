package dev.loops.webhooks.platform;

import static dev.loops.webhooks.platform.SignedRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.loops.webhooks.config.LoopsProperties;
import dev.loops.webhooks.support.StripeEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stripe's scheme against Stripe's official static test vector (stripe-dotnet: secret "webhook_secret",
 * t=1533204620, over the exact fixture bytes), the stripe-java/stripe-node test inputs, and the edge cases of
 * the header, with a fixed instant.
 */
class StripeSignatureSchemeTest {

    private static final byte[] OFFICIAL_PAYLOAD = StripeEvents.fixture("official-vector.customer.created");
    private static final String OFFICIAL_V1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7";
    private static final String OFFICIAL_HEADER = "t=1533204620,v1=" + OFFICIAL_V1
            + ",v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef";
    private static final long SIGNED_AT = 1533204620;
    private static final List<String> OFFICIAL_SECRET = List.of("webhook_secret");

    /** stripe-java WebhookTest's payload and secret; the v1 values are HMACs computed independently (python). */
    private static final String LIBRARY_PAYLOAD = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}";
    private static final String LIBRARY_V1 = "4f1cd7feda9826e746b7d482c4badebb657398df1099e1046364f6196a230150";

    private final StripeSignatureScheme scheme = new StripeSignatureScheme(new LoopsProperties());

    @Test
    void acceptsStripesOfficialVectorWithinTolerance() {
        assertThat(verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, OFFICIAL_SECRET, SIGNED_AT + 100))
                .isEqualTo(VerifiedSignature.WITHOUT_MESSAGE_ID);
    }

    @Test
    void acceptsTheOfficialVectorUpToTheToleranceEitherWay() {
        assertThat(verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, OFFICIAL_SECRET, SIGNED_AT + 300)).isNotNull();
        assertThat(verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, OFFICIAL_SECRET, SIGNED_AT - 300)).isNotNull();
    }

    @Test
    void rejectsTheOfficialVectorOutsideTolerance() {
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, OFFICIAL_SECRET, SIGNED_AT + 301))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("The Stripe-Signature timestamp is more than 300 seconds old, so the request may be a "
                        + "replay. Stripe signs every retry afresh; if this is not a replay, check this server's clock.");
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, OFFICIAL_SECRET, SIGNED_AT - 301))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("The Stripe-Signature timestamp is more than 300 seconds in the future. Check this "
                        + "server's clock.");
    }

    @Test
    void theToleranceComesFromTheSettings() {
        LoopsProperties properties = new LoopsProperties();
        properties.getWebhooks().setSignatureTolerance(Duration.ofSeconds(10));
        StripeSignatureScheme strict = new StripeSignatureScheme(properties);
        SignedRequest request = request(Map.of("Stripe-Signature", OFFICIAL_HEADER), OFFICIAL_PAYLOAD);

        assertThat(strict.verify(request, OFFICIAL_SECRET, Instant.ofEpochSecond(SIGNED_AT + 10))).isNotNull();
        assertThatThrownBy(() -> strict.verify(request, OFFICIAL_SECRET, Instant.ofEpochSecond(SIGNED_AT + 11)))
                .hasMessageContaining("more than 10 seconds old");
    }

    @Test
    void rejectsAChangedPayload() {
        byte[] changed = (new String(OFFICIAL_PAYLOAD, StandardCharsets.UTF_8) + "this_changes_the_json")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(changed, OFFICIAL_HEADER, OFFICIAL_SECRET, SIGNED_AT))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessage("No signature in the Stripe-Signature header matches this endpoint's signing secret. "
                        + "Check that the endpoint's secret is the whsec_... secret of this webhook endpoint in "
                        + "Stripe, and that nothing between Stripe and this service changes the body.");
    }

    @Test
    void rejectsThePayloadWithItsTrailingNewlineStripped() {
        byte[] stripped = Arrays.copyOf(OFFICIAL_PAYLOAD, OFFICIAL_PAYLOAD.length - 1);
        assertThat(OFFICIAL_PAYLOAD[OFFICIAL_PAYLOAD.length - 1]).isEqualTo((byte) '\n');
        assertThatThrownBy(() -> verify(stripped, OFFICIAL_HEADER, OFFICIAL_SECRET, SIGNED_AT))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("No signature");
    }

    @Test
    void acceptsAnyMatchingV1AmongSeveral() {
        String header = "t=1533204620,v1=" + "0".repeat(64) + ",v1=" + OFFICIAL_V1;
        assertThat(verify(OFFICIAL_PAYLOAD, header, OFFICIAL_SECRET, SIGNED_AT)).isNotNull();
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
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, header, OFFICIAL_SECRET, threeDaysLater))
                .isInstanceOf(InvalidSignatureException.class).hasMessageStartingWith("Malformed Stripe-Signature header");
    }

    @Test
    void namesWhyTwoTimestampsAreRefused() {
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, "t=1533204620,t=1533204620,v1=" + OFFICIAL_V1, OFFICIAL_SECRET, SIGNED_AT))
                .hasMessage("Malformed Stripe-Signature header: expected t=<timestamp>,v1=<signature>; "
                        + "it has more than one timestamp (t=).");
    }

    /** Whitespace and tabs anywhere, items that are not key=value, and stripe-dotnet's incorrect header values. */
    @ParameterizedTest
    @ValueSource(strings = {" t={t},v1={sig}", "t={t}, v1={sig}", "t={t} ,v1={sig}", "t ={t},v1={sig}", "t= {t},v1={sig}",
            "t={t},v1 ={sig}", "t={t},v1= {sig}", "t={t},\\tv1={sig}", "t=\\t{t},v1={sig}", "t={t},v1={sig}\\t,v0=ab",
            "t={t},v1={sig}\\n", "t={t},,v1={sig}", "t={t},v1={sig},", "t={t},v1", "t={t},=ab,v1={sig}",
            "t=+{t},v1={sig}", "t=-{t},v1={sig}", "t=1e9,v1={sig}", "t=not_a_number,v1={sig}",
            "t=,v1={sig},v0=ab", "t,v1=,v0=", "t,v1=,v0", "t,v1=,", "t,,", ",,", "t", "bad_header",
            "i'm not even a real signature header", "t={t},v0={sig}", "v1={sig}"})
    void refusesMalformedHeaders(String template) {
        String header = template.replace("\\t", "\t").replace("\\n", "\n")
                .replace("{t}", Long.toString(SIGNED_AT)).replace("{sig}", OFFICIAL_V1);
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, header, OFFICIAL_SECRET, SIGNED_AT))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageStartingWith("Malformed Stripe-Signature header: expected t=<timestamp>,v1=<signature>; ");
    }

    @Test
    void refusesMoreV1SignaturesThanAnyRotationNeeds() {
        String header = "t=1533204620" + (",v1=" + "0".repeat(64)).repeat(8) + ",v1=" + OFFICIAL_V1;
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, header, OFFICIAL_SECRET, SIGNED_AT))
                .hasMessageEndingWith("it has more than 8 v1 signatures.");
    }

    @Test
    void missingHeader() {
        for (String header : new String[] {null, "", " "}) {
            SignedRequest request = header == null
                    ? request(Map.of(), OFFICIAL_PAYLOAD)
                    : request(Map.of("Stripe-Signature", header), OFFICIAL_PAYLOAD);
            assertThatThrownBy(() -> scheme.verify(request, OFFICIAL_SECRET, Instant.ofEpochSecond(SIGNED_AT)))
                    .isInstanceOf(InvalidSignatureException.class)
                    .hasMessage("Missing Stripe-Signature header: requests to this endpoint must be signed by Stripe.");
        }
    }

    @Test
    void findsTheHeaderWhateverItsCase() {
        SignedRequest request = request(Map.of("stripe-signature", OFFICIAL_HEADER), OFFICIAL_PAYLOAD);
        assertThat(scheme.verify(request, OFFICIAL_SECRET, Instant.ofEpochSecond(SIGNED_AT))).isNotNull();
    }

    @Test
    void acceptsAValidV1BesideJunkV1sAndIgnoresUnknownItems() {
        String header = "x=1,t=1533204620,v1=zzz,v1=" + "0".repeat(64) + ",v0=whatever,v1=" + OFFICIAL_V1 + ",v1=not-hex";
        assertThat(verify(OFFICIAL_PAYLOAD, header, OFFICIAL_SECRET, SIGNED_AT)).isNotNull();
    }

    @Test
    void onlyJunkV1sMatchNothing() {
        String header = "t=1533204620,v1=zzz,v1=" + OFFICIAL_V1.toUpperCase() + ",v1=" + OFFICIAL_V1 + "00,v1="
                + OFFICIAL_V1.substring(0, 63);
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, header, OFFICIAL_SECRET, SIGNED_AT))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("No signature");
    }

    @Test
    void aValidSignatureWithAnOldTimestampIsAReplay() {
        long threeDaysLater = SIGNED_AT + 3 * 24 * 3600;
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, OFFICIAL_SECRET, threeDaysLater))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("more than 300 seconds old");
    }

    @Test
    void theTimestampIsPartOfWhatIsSigned() {
        // the official signature with a fresh timestamp in its place: the HMAC is over the new one, so nothing matches
        long now = SIGNED_AT + 3 * 24 * 3600;
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, "t=" + now + ",v1=" + OFFICIAL_V1, OFFICIAL_SECRET, now))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("No signature");
    }

    @Test
    void acceptsThePreviousSecretBesideTheCurrentOne() {
        List<String> rotated = List.of("whsec_new_secret_0123456789", "webhook_secret");
        assertThat(verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, rotated, SIGNED_AT)).isNotNull();
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, List.of("whsec_new_secret_0123456789"), SIGNED_AT))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("No signature");
    }

    @Test
    void acceptsStripeJavasTestInputsSignedDuringARotation() {
        // Stripe signs with both secrets while a rotation lasts: the old secret's v1 first, the new one's second
        String header = "t=1700000000,v1=90f66d73430a1facf01a901c7f2ecc32998d6146b5388f9fb31f4c4e355415e1,v1=" + LIBRARY_V1;
        assertThat(verifyText(LIBRARY_PAYLOAD, header, List.of("whsec_test_secret"), 1700000000)).isNotNull();
        assertThat(verifyText(LIBRARY_PAYLOAD, header, List.of("whsec_old_rotated_secret"), 1700000000)).isNotNull();
        assertThatThrownBy(() -> verifyText(LIBRARY_PAYLOAD, header, List.of("whsec_other_secret"), 1700000000))
                .hasMessageContaining("No signature");
    }

    @Test
    void theKeyIsTheWholeSecretIncludingItsPrefix() {
        // v1 made with "test_secret", i.e. the secret without whsec_: Stripe's key is the whole string
        String withoutPrefix = "t=1700000000,v1=81d2dbbf6b6f7a35b1aad135f5871c81c7ac8e13f5c55b0236c9dcb3dbeb94ea";
        assertThatThrownBy(() -> verifyText(LIBRARY_PAYLOAD, withoutPrefix, List.of("whsec_test_secret"), 1700000000))
                .hasMessageContaining("No signature");
        assertThatThrownBy(() -> verifyText(LIBRARY_PAYLOAD, "t=1700000000,v1=" + LIBRARY_V1, List.of("whsec_test_secret\n"), 1700000000))
                .hasMessageContaining("No signature");
    }

    @Test
    void acceptsWhatStripeJavasGeneratorSigns() {
        byte[] body = StripeEvents.fixture("invoice.paid");
        String header = StripeEvents.sign(body, "whsec_generated_0123456789", 1700000000);
        assertThat(verify(body, header, List.of("whsec_generated_0123456789"), 1700000042)).isNotNull();
    }

    @Test
    void anEndpointWithoutSecretSaysHowToAddOne() {
        assertThatThrownBy(() -> verify(OFFICIAL_PAYLOAD, OFFICIAL_HEADER, List.of(), SIGNED_AT))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageStartingWith("This endpoint has no signing secret yet. Add the signing secret Stripe shows "
                        + "for this webhook endpoint (whsec_...) with PUT /api/endpoints/");
    }

    @Test
    void secretsAreWhsecSecrets() {
        assertThat(scheme.secretProblem("whsec_" + "aB3+/=_-".repeat(4))).isEmpty();
        assertThat(scheme.secretProblem("whsec_12345678")).isEmpty();
        assertThat(scheme.secretProblem("whsec_" + "a".repeat(490))).isEmpty();
        for (String bad : new String[] {null, "", "whsec_", "whsec_1234567", "whsec_" + "a".repeat(491),
                "sk_test_0123456789abcdef", "whsec_0123456789 ", "whsec_01234567.89", "WHSEC_0123456789"}) {
            assertThat(scheme.secretProblem(bad)).as(String.valueOf(bad))
                    .contains("signingSecret must be the endpoint's Stripe signing secret, starting with whsec_");
        }
        assertThat(scheme.issuesSecrets()).isFalse();
    }

    private VerifiedSignature verify(byte[] body, String header, List<String> secrets, long nowEpochSeconds) {
        return scheme.verify(request(Map.of("Stripe-Signature", header), body), secrets, Instant.ofEpochSecond(nowEpochSeconds));
    }

    private VerifiedSignature verifyText(String payload, String header, List<String> secrets, long nowEpochSeconds) {
        return scheme.verify(request(Map.of("Stripe-Signature", header), payload), secrets, Instant.ofEpochSecond(nowEpochSeconds));
    }
}
