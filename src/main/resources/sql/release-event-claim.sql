-- A forced replay: forget that the event was processed, so it is applied again.
DELETE FROM processed_event WHERE endpoint_id = :#${variable.endpointId} AND event_id = :#${variable.eventId}
