-- Auth.js tables for the database-session variant on SQLite and Cloudflare D1, in the shape
-- @auth/d1-adapter queries, plus `role` (read by the session callback).
-- Every session read looks a row up by "sessionToken": it has a UNIQUE index.
-- Apply to D1: npx wrangler d1 migrations apply edge-auth --local (or --remote).

CREATE TABLE IF NOT EXISTS "users" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "name" TEXT,
  "email" TEXT UNIQUE,
  "emailVerified" DATETIME,
  "image" TEXT,
  "role" TEXT NOT NULL DEFAULT 'user' CHECK ("role" IN ('user', 'admin'))
);

CREATE TABLE IF NOT EXISTS "sessions" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "sessionToken" TEXT NOT NULL,
  "userId" TEXT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "expires" DATETIME NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS "sessions_sessionToken_key" ON "sessions" ("sessionToken");
CREATE INDEX IF NOT EXISTS "sessions_userId_idx" ON "sessions" ("userId");

CREATE TABLE IF NOT EXISTS "accounts" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "userId" TEXT NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "type" TEXT NOT NULL,
  "provider" TEXT NOT NULL,
  "providerAccountId" TEXT NOT NULL,
  "refresh_token" TEXT,
  "access_token" TEXT,
  "expires_at" INTEGER,
  "token_type" TEXT,
  "scope" TEXT,
  "id_token" TEXT,
  "session_state" TEXT,
  "oauth_token_secret" TEXT,
  "oauth_token" TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS "accounts_provider_key" ON "accounts" ("provider", "providerAccountId");

CREATE TABLE IF NOT EXISTS "verification_tokens" (
  "identifier" TEXT NOT NULL,
  "token" TEXT NOT NULL PRIMARY KEY,
  "expires" DATETIME NOT NULL
);
