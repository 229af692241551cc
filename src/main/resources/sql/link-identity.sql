-- Links the platform's id for the person to the contact; an id already linked (to this or another contact) stays.
INSERT INTO contact_identity (provider, external_id, contact_id, created_at)
VALUES (:#platform, :#identity, :#contactId, CURRENT_TIMESTAMP)
ON CONFLICT DO NOTHING
