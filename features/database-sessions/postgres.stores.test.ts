import { execFile } from "node:child_process";
import { promisify } from "node:util";

import NextAuth from "next-auth";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { authConfig } from "@/auth.config";
import { configFor } from "@/lib/features";

import { authRequest, CookieJar, form, signInWithCredentials } from "../../test/support/in-process";
import { startPostgres, type PostgresCluster } from "../../test/support/postgres";
import { databaseSessions } from ".";

/**
 * The feature on a real PostgreSQL (Debian's, a throwaway cluster) through @auth/pg-adapter, the
 * schema applied by `npm run db:migrate` as a user would; then the cluster stopped mid-run.
 */
let cluster: PostgresCluster;
let sql: pg.Pool;

beforeAll(async () => {
  cluster = await startPostgres();
  await promisify(execFile)("npm", ["run", "-s", "db:migrate"], { env: { ...process.env, DATABASE_URL: cluster.url() } });
  sql = new pg.Pool({ connectionString: cluster.url() });
  // The outage below drops this pool's idle connections too.
  sql.on("error", () => undefined);
}, 120_000);
afterAll(async () => {
  await sql?.end();
  await cluster?.stop();
});
afterEach(() => vi.unstubAllEnvs());

function setup() {
  vi.stubEnv("AUTH_SESSION_STRATEGY", "database");
  vi.stubEnv("DATABASE_URL", cluster.url());
  const feature = databaseSessions();
  const { handlers } = NextAuth(configFor(authConfig, [feature], "app"));
  const jar = new CookieJar();
  const request = (path: string, init: RequestInit = {}) => authRequest(path, jar, init, handlers);
  const signIn = (email: string, password: string) => signInWithCredentials(jar, email, password, handlers);
  const token = () => jar.get("authjs.session-token");
  const rowsOf = async (userId: string) => (await sql.query('SELECT "sessionToken" FROM sessions WHERE "userId" = $1', [userId])).rows.length;
  const session = async () => (await request("/api/auth/session")).json() as Promise<{ user: { id: string; role: string } } | null>;
  return { feature, jar, request, signIn, token, rowsOf, session };
}

describe("database sessions on PostgreSQL (DATABASE_URL)", () => {
  it("signs in to a row, reads it, and deletes it on sign-out", async () => {
    const { request, signIn, token, session } = setup();
    await signIn("admin@example.com", "admin-password");
    expect(token()).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sql.query('SELECT "userId" FROM sessions WHERE "sessionToken" = $1', [token()])).rows).toEqual([{ userId: "user-admin" }]);
    expect((await session())?.user).toMatchObject({ id: "user-admin", role: "admin" });

    const signedIn = token();
    const { csrfToken } = (await (await request("/api/auth/csrf")).json()) as { csrfToken: string };
    await request("/api/auth/signout", form({ csrfToken, callbackUrl: "/" }));
    expect((await sql.query('SELECT 1 FROM sessions WHERE "sessionToken" = $1', [signedIn])).rows).toEqual([]);
  });

  it("ends every session of one user, and only theirs", async () => {
    const laptop = setup();
    const phone = setup();
    const other = setup();
    await laptop.signIn("demo@example.com", "demo-password");
    await phone.signIn("demo@example.com", "demo-password");
    await other.signIn("admin@example.com", "admin-password");
    expect(await laptop.rowsOf("user-demo")).toBeGreaterThanOrEqual(2);

    expect(await laptop.feature.sessions?.end("user-demo")).toEqual({ supported: true, strategy: "database" });
    expect(await laptop.rowsOf("user-demo")).toBe(0);
    expect(await phone.session()).toBeNull();
    expect((await other.session())?.user.id).toBe("user-admin");
  });

  it("treats a session token with no row as signed out", async () => {
    const { jar, session } = setup();
    jar.set("authjs.session-token", crypto.randomUUID());
    expect(await session()).toBeNull();
  });

  it("signs the visitor out while PostgreSQL is down, and recovers when it is back", async () => {
    const { signIn, session } = setup();
    await signIn("demo@example.com", "demo-password");
    expect((await session())?.user.id).toBe("user-demo");

    vi.spyOn(console, "error").mockImplementation(() => {});
    await cluster.stopServer();
    try {
      // A read that hung would meet the suite's 30 s test timeout, past the pool's bounds.
      expect(await session()).toBeNull();
    } finally {
      await cluster.startServer();
    }
    // The row outlived the outage: the same cookie is signed in again.
    await vi.waitFor(async () => expect((await session())?.user.id).toBe("user-demo"), { timeout: 15_000, interval: 250 });
  });
});
