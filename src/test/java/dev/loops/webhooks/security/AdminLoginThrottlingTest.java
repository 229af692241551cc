package dev.loops.webhooks.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Base64;

import dev.loops.webhooks.support.ServiceTest;
import org.junit.jupiter.api.Test;

/**
 * Guessing the admin token over HTTP: after a few wrong guesses, by any way in, the client gets 429 with
 * Retry-After before its credentials are looked at, also when it finally sends the right token.
 */
class AdminLoginThrottlingTest extends ServiceTest {

    @Test
    void wrongBearerTokensLeadTo429WithRetryAfterEvenForTheRightToken() {
        for (int i = 1; i <= FailedLoginThrottle.FREE_FAILURES; i++) {
            assertThat(bearer("wrong-token-" + i).statusCode()).as("guess %d", i).isEqualTo(401);
        }
        HttpResponse<String> locked = bearer("wrong-token-6");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(readJson(locked.body()).path("detail").asText()).contains("Too many failed logins");

        assertThat(bearer(ADMIN_TOKEN).statusCode()).as("the right token while locked out").isEqualTo(429);
    }

    @Test
    void failuresCountAcrossBearerBasicAndHawtiosLoginForm() throws InterruptedException {
        bearer("wrong-token-1");
        bearer("wrong-token-2");
        assertThat(basic("wrong-token-3").statusCode()).isEqualTo(401);
        assertThat(basic("wrong-token-4").statusCode()).isEqualTo(401);
        assertThat(hawtioLogin("wrong-token-5").statusCode()).isEqualTo(403);

        assertThat(hawtioLogin(ADMIN_TOKEN).statusCode()).isEqualTo(429);
        assertThat(basic(ADMIN_TOKEN).statusCode()).isEqualTo(429);

        Thread.sleep(1_100);
        // the lockout has passed; the next wrong guess locks out for twice as long
        assertThat(basic("wrong-token-6").statusCode()).isEqualTo(401);
        assertThat(bearer(ADMIN_TOKEN).headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void aSuccessStartsTheCountAgain() {
        for (int i = 1; i < FailedLoginThrottle.FREE_FAILURES; i++) {
            bearer("wrong-token-" + i);
        }
        assertThat(bearer(ADMIN_TOKEN).statusCode()).isEqualTo(200);
        for (int i = 1; i < FailedLoginThrottle.FREE_FAILURES; i++) {
            assertThat(bearer("wrong-token-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(bearer(ADMIN_TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void requestsWithoutCredentialsAreNotCountedAndWebhooksAndHealthAreNeverThrottled() {
        for (int i = 0; i < 10; i++) {
            assertThat(request("GET", "/api/endpoints", null).statusCode()).isEqualTo(401);
        }
        assertThat(bearer(ADMIN_TOKEN).statusCode()).isEqualTo(200);

        for (int i = 1; i <= FailedLoginThrottle.FREE_FAILURES; i++) {
            bearer("wrong-token-" + i);
        }
        assertThat(request("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(post("/webhooks/stripe/we_AAAAAAAAAAAAAAAAAAAAAAAA", "{}".getBytes(),
                "Content-Type", "application/json").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> bearer(String token) {
        return request("GET", "/api/endpoints", null, "Authorization", "Bearer " + token);
    }

    private HttpResponse<String> basic(String token) {
        return request("GET", "/actuator/prometheus", null,
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + token).getBytes()));
    }

    private HttpResponse<String> hawtioLogin(String token) {
        return request("POST", "/actuator/hawtio/auth/login", "{\"username\":\"admin\",\"password\":\"" + token + "\"}",
                "Content-Type", "application/json");
    }
}
