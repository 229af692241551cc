package dev.loops.webhooks.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** The event's own time, as the platform files' occurredAt expressions hand it over, with a fixed now. */
class EventTimeTest {

    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void unixSecondsWithAFractionKeepTheMilliseconds() {
        // Clerk's 1716883200123 ms, divided by clerk.yaml's occurredAt
        assertThat(at(NODES.numberNode(1716883200123L / 1000.0))).isEqualTo(Instant.parse("2024-05-28T08:00:00.123Z"));
        assertThat(at(NODES.numberNode(1716883200L))).isEqualTo(Instant.parse("2024-05-28T08:00:00Z"));
        assertThat(at(NODES.numberNode(new BigDecimal("1716883200.0000004")))).isEqualTo(Instant.parse("2024-05-28T08:00:00Z"));
    }

    @Test
    void isoTimesKeepMicroseconds() {
        assertThat(at(NODES.textNode("2024-03-01T10:00:00.004512+00:00"))).isEqualTo(Instant.parse("2024-03-01T10:00:00.004512Z"));
        assertThat(at(NODES.textNode("2024-03-01T10:00:00.123456789Z"))).isEqualTo(Instant.parse("2024-03-01T10:00:00.123456Z"));
    }

    @Test
    void implausibleTimesAreNow() {
        for (JsonNode time : new JsonNode[] {NODES.numberNode(-1), NODES.numberNode(Double.POSITIVE_INFINITY),
                NODES.numberNode(Double.NaN), NODES.numberNode(new BigDecimal("1e400")), NODES.numberNode(1716883200123L),
                NODES.textNode("yesterday"), NODES.nullNode(), NODES.objectNode()}) {
            assertThat(at(time)).as(time.toString()).isEqualTo(NOW);
        }
    }

    private static Instant at(JsonNode time) {
        return WebhookIntake.occurredAt(time, NOW);
    }
}
