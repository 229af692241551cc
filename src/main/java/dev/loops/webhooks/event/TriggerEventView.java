package dev.loops.webhooks.event;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recorded trigger event: the record as published ({@code record}) and whether Kafka has it yet
 * ({@code publishedAt} null: waiting in the outbox, or publishing is off).
 */
public record TriggerEventView(
        String id,
        String eventName,
        String email,
        Long contactId,
        String endpointId,
        String sourceEventId,
        String sourceEventType,
        OffsetDateTime occurredAt,
        OffsetDateTime createdAt,
        boolean published,
        OffsetDateTime publishedAt,
        JsonNode record) {
}
