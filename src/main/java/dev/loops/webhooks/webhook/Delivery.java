package dev.loops.webhooks.webhook;

import java.time.OffsetDateTime;

/**
 * A request to an endpoint, before anything about it is proven: which platform's URL, which endpoint (null while
 * unknown), when it arrived, for a replay the delivery it replays (null otherwise), and where it came from:
 * {@link #WEBHOOK} (the platform posted it), {@link #REPLAY}, {@link #IMPORT} (an import of the platform's
 * existing users) or {@link #RECONCILIATION} (an event the platform listed but had not delivered).
 */
public record Delivery(String platform, String endpointId, OffsetDateTime receivedAt, Long replayOf, String origin) {

    public static final String WEBHOOK = "webhook";
    public static final String REPLAY = "replay";
    public static final String IMPORT = "import";
    public static final String RECONCILIATION = "reconciliation";

    public static Delivery webhook(String platform, String endpointId, OffsetDateTime receivedAt) {
        return new Delivery(platform, endpointId, receivedAt, null, WEBHOOK);
    }

    public Delivery forEndpoint(String id) {
        return new Delivery(platform, id, receivedAt, replayOf, origin);
    }
}
