package dev.loops.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.loops.webhooks.endpoint.WebhookEndpoint;
import dev.loops.webhooks.support.MovableClock;
import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

/**
 * 300 forgeries to a known endpoint within a minute: the webhook log keeps 60 of them one by one and one row
 * that summarises the other 240, and Prometheus counts them; a verified delivery is still logged.
 */
@Import(RejectedDeliveryLimitTest.StandingClock.class)
// its own application context: closed after the class, so its outbox relay does not run on beside later tests
@DirtiesContext
class RejectedDeliveryLimitTest extends ServiceTest {

    @TestConfiguration
    static class StandingClock {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(10));
        }
    }

    @Autowired
    private MovableClock clock;

    @Test
    void forgeriesPastSixtyAMinuteAreCountedAndSummarisedInOneRow() {
        WebhookEndpoint endpoint = stripeEndpoint();
        byte[] body = StripeEvents.fixture("invoice.paid");
        for (int i = 0; i < 300; i++) {
            String signature = i % 10 == 0 ? "garbage" : "t=1700000000,v1=" + "0".repeat(64);
            assertThat(post("/webhooks/stripe/" + endpoint.id(), body, "Content-Type", "application/json",
                    "Stripe-Signature", signature).statusCode()).isEqualTo(401);
        }
        assertThat(post("/webhooks/stripe/" + endpoint.id(), body, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.sign(body, SECRET, clock.instant().getEpochSecond())).statusCode())
                .isEqualTo(200);

        assertThat(rows("rejected")).hasSize(60);
        assertThat(rows("processed")).hasSize(1);
        String metrics = request("GET", "/actuator/prometheus", null, "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_TOKEN).getBytes())).body();
        assertThat(metrics).containsPattern("webhooks_rejections_unlogged_total\\{[^}]*\\} 240\\.0");

        clock.advance(Duration.ofMinutes(1));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> rows("rejected").size() == 61);
        Map<String, Object> summary = rows("rejected").get(60);
        assertThat(summary.get("http_status")).isEqualTo(401);
        String minute = clock.instant().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES).toString().substring(11, 16);
        assertThat((String) summary.get("message"))
                .startsWith("240 more rejected requests in the minute from " + minute + " UTC were not logged one by one")
                .contains("240 x 401 invalid_signature");
        assertThat(summary.get("payload")).isNull();
    }

    private List<Map<String, Object>> rows(String outcome) {
        return jdbc.sql("SELECT * FROM webhook_delivery WHERE outcome = :outcome ORDER BY id")
                .param("outcome", outcome).query().listOfRows();
    }
}
