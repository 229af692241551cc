-- An event that changed nothing the contact holds is still the newest one applied to it, for ordering.
UPDATE contact SET last_event_at = :#occurredAt
WHERE email_key = :#emailKey
  AND (last_event_at IS NULL OR last_event_at < :#occurredAt)
