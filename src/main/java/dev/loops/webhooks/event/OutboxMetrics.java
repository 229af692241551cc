package dev.loops.webhooks.event;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox as operators see it: {@code trigger_events_published_total}, {@code outbox_publish_lag_seconds}
 * (from commit to Kafka's acknowledgement) and {@code outbox_backlog} (trigger events not yet on Kafka, counted
 * every few seconds rather than on each scrape).
 */
@Component("outboxMetrics")
public class OutboxMetrics {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Counter published;
    private final Timer lag;
    private final AtomicLong backlog = new AtomicLong();

    public OutboxMetrics(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.published = Counter.builder("trigger.events.published")
                .description("Trigger events acknowledged by Kafka").register(registry);
        this.lag = Timer.builder("outbox.publish.lag")
                .description("Time from a trigger event's commit to Kafka's acknowledgement")
                .publishPercentileHistogram().register(registry);
        Gauge.builder("outbox.backlog", backlog, AtomicLong::get)
                .description("Trigger events committed but not yet on Kafka").register(registry);
    }

    /** Called by the relay once Kafka acknowledged a batch of outbox rows. */
    public void published(List<Map<String, Object>> rows) {
        Instant now = clock.instant();
        published.increment(rows.size());
        for (Map<String, Object> row : rows) {
            Instant committed = instant(row.get("created_at"));
            if (committed != null) {
                lag.record(Duration.between(committed, now));
            }
        }
    }

    /** PostgreSQL's driver gives a Timestamp for a timestamptz column, H2's an OffsetDateTime. */
    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        return null;
    }

    @Scheduled(fixedDelayString = "${loops.outbox.backlog-refresh-ms:5000}")
    void refreshBacklog() {
        try {
            backlog.set(jdbc.sql("SELECT COUNT(*) FROM trigger_event WHERE published_at IS NULL").query(Long.class).single());
        } catch (RuntimeException e) {
            // the database is away: keep the last known value; health reports the outage
        }
    }
}
