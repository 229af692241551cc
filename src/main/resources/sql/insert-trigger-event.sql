-- The trigger event, and its place in the outbox (published_at stays NULL until Kafka has it).
INSERT INTO trigger_event (id, event_name, contact_id, email, endpoint_id, provider, source_event_id,
                           source_event_type, record, occurred_at, created_at)
VALUES (:#triggerEventId, :#triggerEventName, :#contactId, :#email,
        :#endpointId, :#platform, :#eventId, :#eventType,
        :#triggerRecord, :#occurredAt, CURRENT_TIMESTAMP)
