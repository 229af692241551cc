SELECT id FROM contact WHERE email_key = :#${variable.change.emailKey}
