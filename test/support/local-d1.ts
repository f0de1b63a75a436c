import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/**
 * A local D1 database for `wrangler pages dev`, migrated with the checked-in migrations by
 * `wrangler d1 migrations apply --local`, exactly as a user would before a preview. The
 * project's wrangler.toml keeps its D1 block commented (JWT sessions need none), so the
 * migration runs against a throwaway config that declares the binding; both commands share
 * one `--persist-to` folder, where miniflare keys the database by its id.
 */
const DATABASE_ID = "00000000-0000-4000-8000-00000000d1d1";
const MIGRATIONS_DIR = fileURLToPath(new URL("../../features/database-sessions/migrations", import.meta.url));

export interface LocalD1 {
  /** Flags for `wrangler pages dev`: the `DB` binding on the migrated state. */
  wranglerArgs: string[];
  remove(): void;
}

export async function migratedLocalD1(): Promise<LocalD1> {
  const dir = mkdtempSync(join(tmpdir(), "edge-auth-d1-"));
  const state = join(dir, "state");
  const config = join(dir, "wrangler.toml");
  writeFileSync(
    config,
    [
      'name = "edge-auth-local-d1"',
      'compatibility_date = "2025-09-01"',
      "[[d1_databases]]",
      'binding = "DB"',
      'database_name = "edge-auth"',
      `database_id = "${DATABASE_ID}"`,
      `migrations_dir = ${JSON.stringify(MIGRATIONS_DIR)}`,
      "",
    ].join("\n"),
  );
  await promisify(execFile)(
    "npx",
    ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--config", config, "--persist-to", state],
    // CI=1: wrangler applies without asking for confirmation.
    { env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false" } },
  );
  return {
    wranglerArgs: ["--d1", `DB=${DATABASE_ID}`, "--persist-to", state],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
