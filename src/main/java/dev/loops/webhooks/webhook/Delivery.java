package dev.loops.webhooks.webhook;

import java.time.OffsetDateTime;

/**
 * A request to an endpoint, before anything about it is proven: which platform's URL, which endpoint (null while
 * unknown), when it arrived, and for a replay the delivery it replays (null for a live webhook).
 */
public record Delivery(String platform, String endpointId, OffsetDateTime receivedAt, Long replayOf) {

    public Delivery forEndpoint(String id) {
        return new Delivery(platform, id, receivedAt, replayOf);
    }
}
