import { execFile } from "node:child_process";
import { promisify } from "node:util";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { HttpClient } from "../support/http-client";
import { nodeMiddlewareBuild } from "../support/node-middleware";
import { startPostgres, type PostgresCluster } from "../support/postgres";
import { startServer, type AppServer } from "../support/servers";

/**
 * Database sessions on `next start` (Vercel's stand-in) against a real PostgreSQL: the build
 * with `runtime: "nodejs",` in middleware.ts (edge middleware cannot open TCP), the schema
 * applied by `npm run db:migrate`, and the edge build refused at start naming that line.
 */
const run = promisify(execFile);

describe("database sessions on next start with PostgreSQL (Node.js middleware)", () => {
  let cluster: PostgresCluster;
  let sql: pg.Pool;
  let server: AppServer;
  const rowsOf = async (userId: string) => Number((await sql.query('SELECT count(*) AS n FROM sessions WHERE "userId" = $1', [userId])).rows[0]?.n);
  const rowOf = async (cookie: string | undefined) =>
    (await sql.query('SELECT "userId" FROM sessions WHERE "sessionToken" = $1', [cookie?.split("=")[1] ?? ""])).rows[0] as { userId: string } | undefined;

  async function signedIn(email = "demo@example.com", password = "demo-password"): Promise<HttpClient> {
    const client = new HttpClient(server.origin);
    const response = await client.signIn(email, password);
    expect(response.headers.get("location")).toBe(`${server.origin}/dashboard`);
    return client;
  }

  beforeAll(async () => {
    const folder = nodeMiddlewareBuild();
    cluster = await startPostgres();
    const env = { ...process.env, DATABASE_URL: cluster.url() };
    await run("npm", ["run", "-s", "db:migrate"], { env });
    sql = new pg.Pool({ connectionString: cluster.url() });
    sql.on("error", () => undefined);
    server = await startServer("next", { env: { AUTH_SESSION_STRATEGY: "database", DATABASE_URL: cluster.url() }, cwd: folder });
  }, 900_000);
  afterAll(async () => {
    await server?.stop();
    await sql?.end();
    await cluster?.stop();
  });

  it("signs in to a session row; the dashboard, /api/me and the role rules read it", async () => {
    const user = await signedIn();
    expect(user.sessionCookie()).toMatch(/^authjs\.session-token=[0-9a-f-]{36}$/);
    expect(await rowOf(user.sessionCookie())).toEqual({ userId: "user-demo" });

    const dashboard = await user.request("/dashboard");
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("demo@example.com");
    expect(((await (await user.request("/api/me")).json()) as { user: unknown }).user).toMatchObject({ email: "demo@example.com", role: "user" });
    expect((await user.request("/admin")).status).toBe(403);

    const admin = await signedIn("admin@example.com", "admin-password");
    expect((await admin.request("/admin")).status).toBe(200);
  });

  it("deletes the row on sign-out: a copy of the cookie is signed out too", async () => {
    const user = await signedIn();
    const copied = user.sessionCookie() ?? "";
    expect((await user.signOut()).status).toBe(302);
    expect(await rowOf(copied)).toBeUndefined();
    expect((await fetch(new URL("/api/me", server.origin), { headers: { cookie: copied } })).status).toBe(401);
    expect((await user.request("/dashboard")).status).toBe(307);
  });

  it("ends every session of the user on 'sign out everywhere': the other device's next request is signed out", async () => {
    const laptop = await signedIn();
    const phone = await signedIn();
    const ended = await laptop.request("/api/sessions", { method: "DELETE", headers: { origin: server.origin } });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ userId: "user-demo", supported: true, strategy: "database" });
    expect(await rowsOf("user-demo")).toBe(0);
    expect((await phone.request("/api/me")).status).toBe(401);
    const page = await phone.request("/dashboard");
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location") ?? "", server.origin).pathname).toBe("/signin");
  });

  it.each([
    ["an unknown token", "00000000-0000-4000-8000-000000000000"],
    ["a JWT-shaped value", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..abc.def.ghi"],
    ["quotes and SQL", "x' OR '1'='1"],
    ["4,000 characters", "a".repeat(4000)],
  ])("treats %s as the session cookie as signed out, never a 5xx", async (_label, value) => {
    const cookie = `authjs.session-token=${encodeURIComponent(value)}`;
    const me = await fetch(new URL("/api/me", server.origin), { headers: { cookie } });
    expect(me.status).toBe(401);
    const dashboard = await fetch(new URL("/dashboard", server.origin), { headers: { cookie }, redirect: "manual" });
    expect(dashboard.status).toBe(307);
    const session = await fetch(new URL("/api/auth/session", server.origin), { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(await session.json()).toBeNull();
  });

  it("signs visitors out while PostgreSQL is down, without a 5xx, and serves the same session when it is back", async () => {
    const user = await signedIn();
    await cluster.stopServer();
    try {
      expect((await user.request("/api/me")).status).toBe(401);
      const dashboard = await user.request("/dashboard");
      expect(dashboard.status).toBe(307);
      expect(await dashboard.text()).not.toMatch(/at .*\.js:\d+/);
    } finally {
      await cluster.startServer();
    }
    await expect.poll(async () => (await user.request("/api/me")).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });

  it("refuses to start the edge-middleware build with DATABASE_URL, naming the line to add", async () => {
    await expect(startServer("next", { env: { AUTH_SESSION_STRATEGY: "database", DATABASE_URL: cluster.url() } })).rejects.toThrow(
      /add `runtime: "nodejs",` to the config in middleware\.ts/,
    );
  });
});
