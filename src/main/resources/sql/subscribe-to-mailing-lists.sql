-- Subscribes the contact to the event's mailing lists; lists it is on already stay as they are.
INSERT INTO contact_mailing_list (contact_id, mailing_list_id, subscribed_at)
SELECT :#contactId, id, CURRENT_TIMESTAMP FROM mailing_list WHERE id IN (:#in:mailingListIds)
ON CONFLICT DO NOTHING
