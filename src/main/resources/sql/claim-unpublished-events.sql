-- The outbox: trigger events committed but not yet on Kafka, oldest first. The rows stay locked until
-- the relay's transaction ends; another instance's relay skips them instead of waiting or sending them twice.
-- The batch size (500) is also in publish-outbox-batch (routes/trigger-events.yaml); a full batch polls again at once.
SELECT seq, email, record, created_at FROM trigger_event
WHERE published_at IS NULL
ORDER BY seq
LIMIT 500
FOR UPDATE SKIP LOCKED
