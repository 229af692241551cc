-- An existing contact keeps its source and user group; known names are filled in. 0 rows: nothing it holds changed,
-- or the event is older than the newest one already applied to it (which it never overwrites).
UPDATE contact
SET first_name = COALESCE(:#firstName, first_name),
    last_name = COALESCE(:#lastName, last_name),
    last_event_at = :#occurredAt,
    updated_at = CURRENT_TIMESTAMP
WHERE email_key = :#emailKey
  AND (last_event_at IS NULL OR last_event_at <= :#occurredAt)
  AND (first_name IS DISTINCT FROM COALESCE(:#firstName, first_name)
       OR last_name IS DISTINCT FROM COALESCE(:#lastName, last_name))
