SELECT id FROM contact WHERE email_key = :#${variable.emailKey}
