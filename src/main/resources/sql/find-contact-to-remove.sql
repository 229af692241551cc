-- The contact a deletion event is about: the one linked to its identity, else the one with its address.
SELECT COALESCE(
    (SELECT contact_id FROM contact_identity
     WHERE provider = :#${variable.event.platform} AND external_id = :#${variable.change.identity}),
    (SELECT id FROM contact WHERE email_key = :#${variable.change.emailKey}))
