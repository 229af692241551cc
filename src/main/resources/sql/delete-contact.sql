-- Mailing list memberships go with the contact (ON DELETE CASCADE).
DELETE FROM contact WHERE id = :#contactId
