-- A forced replay: forget that the event was processed, so it is applied again.
DELETE FROM processed_event WHERE endpoint_id = :#${variable.event.endpointId} AND event_id = :#${variable.event.id}
