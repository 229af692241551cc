-- One batch of dedupe records older than the retention (far longer than Stripe's three days of retries).
DELETE FROM processed_event
WHERE (endpoint_id, event_id) IN (
    SELECT endpoint_id, event_id FROM processed_event WHERE processed_at < :#${variable.cutoff}
    ORDER BY processed_at LIMIT 1000)
