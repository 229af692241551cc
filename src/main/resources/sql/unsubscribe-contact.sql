UPDATE contact SET subscribed = FALSE, updated_at = CURRENT_TIMESTAMP WHERE id = :#contactId
