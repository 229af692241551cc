package dev.loops.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.loops.webhooks.support.ServiceTest;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The retention routes delete what is older than the retention, in batches, and nothing newer. */
class RetentionTest extends ServiceTest {

    @Autowired
    ProducerTemplate camel;

    @Autowired
    RetentionPolicy retention;

    @Test
    void oldLogRowsAndDedupeRecordsGoNewerOnesStay() {
        OffsetDateTime old = OffsetDateTime.now(ZoneOffset.UTC).minusDays(31);
        OffsetDateTime recent = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        insertDeliveries(old, 2500);
        insertDeliveries(recent, 7);
        for (int i = 0; i < 1500; i++) {
            insertDedupeRecord("evt_old_" + i, old);
        }
        insertDedupeRecord("evt_recent", recent);

        camel.send("direct:prune-in-batches-webhook-log", e -> e.setVariable("cutoff", retention.webhookLogCutoff()));
        camel.send("direct:prune-in-batches-dedupe-records", e -> e.setVariable("cutoff", retention.dedupeCutoff()));

        assertThat(count("webhook_delivery")).isEqualTo(7);
        assertThat(jdbc.sql("SELECT event_id FROM processed_event").query(String.class).list()).containsExactly("evt_recent");
    }

    private void insertDeliveries(OffsetDateTime at, int rows) {
        for (int i = 0; i < rows; i++) {
            jdbc.sql("""
                    INSERT INTO webhook_delivery (endpoint_id, provider, outcome, http_status, message, received_at, latency_ms)
                    VALUES ('we_x', 'stripe', 'processed', 200, 'logged', :at, 1)
                    """).param("at", at).update();
        }
    }

    private void insertDedupeRecord(String eventId, OffsetDateTime at) {
        jdbc.sql("INSERT INTO processed_event (endpoint_id, event_id, processed_at) VALUES ('we_x', :id, :at)")
                .param("id", eventId).param("at", at).update();
    }
}
