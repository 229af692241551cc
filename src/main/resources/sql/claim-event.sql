-- Claims (endpoint, event id) for this delivery; 0 rows inserted means the event was already processed.
INSERT INTO processed_event (endpoint_id, event_id, processed_at)
VALUES (:#endpointId, :#eventId, CURRENT_TIMESTAMP)
ON CONFLICT DO NOTHING
