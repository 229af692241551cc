-- The contact the event's platform identity is linked to, if any: its id and matching email form.
SELECT contact.id, contact.email_key FROM contact_identity
JOIN contact ON contact.id = contact_identity.contact_id
WHERE contact_identity.provider = :#platform AND contact_identity.external_id = :#identity
