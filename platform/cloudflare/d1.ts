import type { D1Database } from "@auth/d1-adapter";

import { readCloudflareBinding } from "./bindings";

/**
 * The D1 binding `DB` of this request (database sessions, and ending them); throws a message
 * naming it when it is missing.
 */
export function readD1Binding(): D1Database {
  const db = readCloudflareBinding("DB");
  if (typeof db !== "object" || db === null || !("prepare" in db)) {
    throw new Error(
      'AUTH_SESSION_STRATEGY=database needs the D1 binding "DB" (wrangler.toml [[d1_databases]]); run under wrangler or Cloudflare Pages.',
    );
  }
  return db as D1Database;
}
