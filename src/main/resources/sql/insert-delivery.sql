-- One row of the webhook log; parameters come from the map built by WebhookLog.deliveryRow.
INSERT INTO webhook_delivery (endpoint_id, provider, event_id, event_type, event_occurred_at, outcome, http_status,
                              message, email, contact_id, trigger_event, received_at, latency_ms, payload, replay_of,
                              origin)
VALUES (:#endpointId, :#provider, :#eventId, :#eventType, :#eventOccurredAt, :#outcome, :#httpStatus, :#message,
        :#email, :#contactId, :#triggerEvent, :#receivedAt, :#latencyMs, :#payload, :#replayOf, :#origin)
