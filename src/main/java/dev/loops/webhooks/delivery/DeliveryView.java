package dev.loops.webhooks.delivery;

import java.time.OffsetDateTime;

/** One request in the webhook log, with what happened to it and why. */
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
        int latencyMs) {
}
