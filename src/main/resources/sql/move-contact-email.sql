-- The person's address changed: the contact keeps its history under the new address, unless the new address
-- already has a contact of its own (then that one is updated and the old one is left as it was).
UPDATE contact
SET email = :#email, email_key = :#emailKey, updated_at = CURRENT_TIMESTAMP
WHERE email_key = :#moveFromKey
  AND NOT EXISTS (SELECT 1 FROM contact existing WHERE existing.email_key = :#emailKey)
