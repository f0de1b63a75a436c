-- The demo accounts of lib/users.ts (same ids and roles), so a Credentials sign-in can own a
-- session row. No passwords here: they stay in lib/users.ts, and sign-in with them is only
-- possible when AUTH_DEMO_USERS allows it.
INSERT OR IGNORE INTO "users" ("id", "name", "email", "role") VALUES
  ('user-demo', 'Demo User', 'demo@example.com', 'user'),
  ('user-admin', 'Admin User', 'admin@example.com', 'admin'),
  ('user-disabled', 'Disabled User', 'disabled@example.com', 'user');
