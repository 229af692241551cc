-- The outbox: trigger events committed but not yet on Kafka, oldest first.
SELECT seq, email, record FROM trigger_event WHERE published_at IS NULL ORDER BY seq LIMIT 200
