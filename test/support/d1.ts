import { readFileSync } from "node:fs";

import type { D1Database } from "@auth/d1-adapter";
import { Miniflare } from "miniflare";

const MIGRATIONS = ["0001_authjs_tables.sql", "0002_demo_users.sql"].map((file) => new URL(`../../lib/db/migrations/${file}`, import.meta.url));

/**
 * A real D1 database (workerd's, through miniflare) migrated with the checked-in migrations,
 * for in-process suites that hand @auth/d1-adapter the binding the app gets on Cloudflare.
 */
export async function migratedD1(): Promise<{ db: D1Database; dispose: () => Promise<void> }> {
  const miniflare = new Miniflare({ modules: true, script: "export default { fetch() { return new Response() } }", d1Databases: ["DB"] });
  const db = await miniflare.getD1Database("DB");
  for (const migration of MIGRATIONS) {
    // Ours have no semicolons inside literals; D1 prepares one statement at a time.
    const statements = readFileSync(migration, "utf8").replace(/--.*$/gm, "").split(";").map((sql) => sql.trim()).filter(Boolean);
    await db.batch(statements.map((sql) => db.prepare(sql)));
  }
  return { db: db as unknown as D1Database, dispose: () => miniflare.dispose() };
}
