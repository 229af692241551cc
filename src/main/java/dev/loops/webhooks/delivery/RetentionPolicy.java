package dev.loops.webhooks.delivery;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.loops.webhooks.config.LoopsProperties;
import org.springframework.stereotype.Component;

/** How long the webhook log and the dedupe records are kept ({@code loops.retention.*}). */
@Component("retentionPolicy")
public class RetentionPolicy {

    private final LoopsProperties.Retention retention;
    private final Clock clock;

    public RetentionPolicy(LoopsProperties properties, Clock clock) {
        this.retention = properties.getRetention();
        this.clock = clock;
        if (retention.getDedupeDays() < 4) {
            throw new IllegalStateException("loops.retention.dedupe-days must be at least 4: Stripe retries a "
                    + "delivery for up to three days, and a retry after its record is gone would be applied twice");
        }
    }

    public OffsetDateTime webhookLogCutoff() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusDays(retention.getWebhookLogDays());
    }

    public OffsetDateTime dedupeCutoff() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).minusDays(retention.getDedupeDays());
    }
}
