-- One batch of webhook log rows older than the retention; the route repeats until a batch comes back short.
DELETE FROM webhook_delivery
WHERE id IN (SELECT id FROM webhook_delivery WHERE received_at < :#${variable.cutoff} ORDER BY id LIMIT 1000)
