-- A new contact gets its source and user group; 0 rows inserted means the email already has a contact.
INSERT INTO contact (email, email_key, first_name, last_name, source, user_group, last_event_at, created_at, updated_at)
VALUES (:#${variable.change.email}, :#${variable.change.emailKey}, :#${variable.change.firstName},
        :#${variable.change.lastName}, :#${variable.change.source}, :#${variable.change.userGroup},
        :#${variable.event.occurredAt}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
ON CONFLICT DO NOTHING
