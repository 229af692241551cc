SELECT id FROM contact WHERE email_key = :#emailKey
