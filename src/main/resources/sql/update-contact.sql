-- An existing contact keeps its source and user group; known names and customer id are filled in.
-- An event older than the newest one already applied changes nothing.
UPDATE contact
SET first_name = COALESCE(:#${variable.firstName}, first_name),
    last_name = COALESCE(:#${variable.lastName}, last_name),
    stripe_customer_id = COALESCE(:#${variable.stripeCustomerId}, stripe_customer_id),
    last_event_at = :#${variable.eventCreatedAt},
    updated_at = CURRENT_TIMESTAMP
WHERE email_key = :#${variable.emailKey}
  AND (last_event_at IS NULL OR last_event_at <= :#${variable.eventCreatedAt})
