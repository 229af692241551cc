-- The contact a deletion event is about: the one linked to its identity, else the one with its address.
SELECT COALESCE(
    (SELECT contact_id FROM contact_identity
     WHERE provider = :#platform AND external_id = :#identity),
    (SELECT id FROM contact WHERE email_key = :#emailKey))
