package dev.loops.webhooks.delivery;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request in the webhook log, with what happened to it and why. {@code payload} (the verified event, shown by
 * {@code GET /api/deliveries/{id}}) is kept for processed, ignored and failed deliveries until retention.
 */
public record DeliveryView(
        long id,
        String endpointId,
        String provider,
        String eventId,
        String eventType,
        String status,
        int httpStatus,
        String message,
        String email,
        Long contactId,
        String triggerEvent,
        OffsetDateTime receivedAt,
        int latencyMs,
        Long replayOf,
        String origin,
        boolean hasPayload,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode payload) {

    DeliveryView withPayload(JsonNode stored) {
        return new DeliveryView(id, endpointId, provider, eventId, eventType, status, httpStatus, message, email,
                contactId, triggerEvent, receivedAt, latencyMs, replayOf, origin, hasPayload, stored);
    }
}
