import { D1Adapter, type D1Database } from "@auth/d1-adapter";
import type { Adapter } from "@auth/core/adapters";

import { readCloudflareBinding } from "../../platform/cloudflare/bindings";
import type { PostgresSessions } from "./postgres";

/**
 * Where this request's session rows live. On Cloudflare the D1 binding `DB` exists only inside a
 * request, so this runs per request; else PostgreSQL at DATABASE_URL, one pool per process.
 */
export interface SessionStore {
  adapter: Adapter;
  deleteSessionsOf(userId: string): Promise<void>;
}

export function createSessionStores(databaseUrl: string | undefined): () => Promise<SessionStore> {
  let postgres: Promise<PostgresSessions> | undefined;
  return async () => {
    const d1 = readCloudflareBinding("DB");
    if (isD1(d1)) return d1Store(d1);
    if (!databaseUrl) {
      throw new Error('AUTH_SESSION_STRATEGY=database needs the D1 binding "DB" on Cloudflare (wrangler.toml [[d1_databases]]) or DATABASE_URL (PostgreSQL).');
    }
    // Next inlines NEXT_RUNTIME at build time, so the edge bundle drops this branch and `pg` with it.
    if (process.env.NEXT_RUNTIME !== "edge") {
      postgres ??= import("./postgres").then(({ connectPostgres }) => connectPostgres(databaseUrl));
      return postgres;
    }
    throw new Error('PostgreSQL sessions need Node.js middleware: add `runtime: "nodejs",` to the config in middleware.ts.');
  };
}

function isD1(binding: unknown): binding is D1Database {
  return typeof binding === "object" && binding !== null && "prepare" in binding;
}

function d1Store(db: D1Database): SessionStore {
  return {
    adapter: D1Adapter(db),
    deleteSessionsOf: async (userId) => {
      await db.prepare('DELETE FROM "sessions" WHERE "userId" = ?').bind(userId).run();
    },
  };
}
