-- Trigger events of a deleted contact stay (they were sent), without the link to it.
UPDATE trigger_event SET contact_id = NULL WHERE contact_id = :#contactId
