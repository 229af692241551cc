package dev.loops.webhooks.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.loops.webhooks.support.ServiceTest;
import dev.loops.webhooks.support.StripeEvents;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The relay's pace, as an operator sees it in the route statistics of /actuator/prometheus. */
class OutboxRelayTest extends ServiceTest {

    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_TOKEN).getBytes());
    private static final Pattern BATCH_RUNS = Pattern.compile(
            "camel_exchanges_total\\{[^}]*routeId=\"publish-outbox-batch\"[^}]*} ([0-9.E]+)");

    @Test
    void anEmptyOutboxIsPolledOnScheduleNotInALoop() throws InterruptedException {
        assertThat(postSigned(stripeEndpoint(), StripeEvents.fixture("invoice.paid")).statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT COUNT(*) FROM trigger_event WHERE published_at IS NULL").query(Long.class).single() == 0);

        long before = relayPolls();
        Thread.sleep(2000);
        long polls = relayPolls() - before;

        // the test profile polls every 100 ms: about 20 polls in 2 s (a relay that re-polls at once makes thousands)
        assertThat(polls).isBetween(5L, 40L);
    }

    private long relayPolls() {
        String metrics = request("GET", "/actuator/prometheus", null, "Authorization", BASIC).body();
        Matcher counter = BATCH_RUNS.matcher(metrics);
        assertThat(counter.find()).as("publish-outbox-batch in the route metrics").isTrue();
        return (long) Double.parseDouble(counter.group(1));
    }
}
