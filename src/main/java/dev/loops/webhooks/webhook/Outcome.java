package dev.loops.webhooks.webhook;

import java.util.Locale;

/** What happened to a delivery; its lower-case name is what the reply, the webhook log and the metrics show. */
public enum Outcome {
    PROCESSED, DUPLICATE, IGNORED, REJECTED, UNAVAILABLE, FAILED;

    /** Verified deliveries keep their payload for reading and replay; duplicates (it is on the first) and rejected ones do not. */
    public boolean keepsPayload() {
        return this != DUPLICATE && this != REJECTED;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value();
    }
}
