-- A new contact gets its source and user group; 0 rows inserted means the email already has a contact.
INSERT INTO contact (email, email_key, first_name, last_name, source, user_group, last_event_at, created_at, updated_at)
VALUES (:#email, :#emailKey, :#firstName,
        :#lastName, :#source, :#userGroup,
        :#occurredAt, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
ON CONFLICT DO NOTHING
