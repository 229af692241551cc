package dev.loops.webhooks.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The test signer agrees with the Standard Webhooks specification, so the end-to-end tests sign as Svix does. */
class ClerkEventsTest {

    @Test
    void signsTheSpecificationsVector() {
        // standard-webhooks libraries/python/tests/test_webhooks.py::test_sign_function (the same in go, ruby, java)
        assertThat(ClerkEvents.signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void signsARealClerkBodyAsTheSharedCorpusDoes() {
        // src/test/resources/clerk/svix-signatures.json, computed with python's standard-webhooks
        assertThat(ClerkEvents.signature("msg_corpus00p5jXN8AQM9LWM0D4lo", 1700000000,
                ClerkEvents.fixture("clerk__user.created__1"), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isEqualTo("v1,Sf30596RzwpOAHJ0wLxkHSGeHe+pzNQI1sVALgobwWI=");
    }

    @Test
    void replacesOnlyTheEventsOwnTime() {
        String body = new String(ClerkEvents.withTimestamp(ClerkEvents.fixture("user.updated"), 1716883300),
                StandardCharsets.UTF_8);
        assertThat(body).contains("\"timestamp\": 1716883300").doesNotContain("1716883500456")
                .contains("\"updated_at\": 1716883500000");
    }
}
