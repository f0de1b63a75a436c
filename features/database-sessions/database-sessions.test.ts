import { readdirSync, readFileSync } from "node:fs";

import type { D1Database } from "@auth/d1-adapter";
import { Miniflare } from "miniflare";
import NextAuth from "next-auth";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { authConfig } from "@/auth.config";
import { configFor } from "@/lib/features";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/session-lifetime";

import { authRequest, CookieJar, form, ORIGIN, signInWithCredentials } from "../../test/support/in-process";
import { databaseSessions } from ".";
import { withDatabaseSessions } from "./database-sessions";

/**
 * The feature as auth.ts attaches it, with the template's own providers and callbacks, on a real
 * D1 database (Miniflare runs workerd's D1) migrated with this folder's migrations. The binding
 * reaches the app as OpenNext hands it over, per request (platform/cloudflare/bindings.ts).
 */
const OPEN_NEXT_CONTEXT = Symbol.for("__cloudflare-context__");
const MIGRATIONS = new URL("./migrations/", import.meta.url);

let miniflare: Miniflare;
let db: D1Database;

beforeAll(async () => {
  miniflare = new Miniflare({ modules: true, script: "export default { fetch() { return new Response() } }", d1Databases: ["DB"] });
  db = (await miniflare.getD1Database("DB")) as unknown as D1Database;
  for (const file of readdirSync(MIGRATIONS).sort()) {
    const sql = readFileSync(new URL(file, MIGRATIONS), "utf8").replace(/^--.*$/gm, "");
    const statements = sql.split(";").map((statement) => statement.trim()).filter(Boolean);
    await db.batch(statements.map((statement) => db.prepare(statement)));
  }
});
afterAll(() => miniflare.dispose());
afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[OPEN_NEXT_CONTEXT];
});

function setup() {
  vi.stubEnv("AUTH_SESSION_STRATEGY", "database");
  (globalThis as Record<symbol, unknown>)[OPEN_NEXT_CONTEXT] = { env: { DB: db } };
  const feature = databaseSessions();
  const { handlers } = NextAuth(configFor(authConfig, [feature], "app"));
  const jar = new CookieJar();
  const request = (path: string, init: RequestInit = {}) => authRequest(path, jar, init, handlers);
  const signIn = (email: string, password: string) => signInWithCredentials(jar, email, password, handlers);
  const row = (token: string | undefined) =>
    db.prepare('SELECT "userId", "expires" FROM "sessions" WHERE "sessionToken" = ?').bind(token).first<{ userId: string; expires: string }>();
  return { feature, jar, request, signIn, row };
}

describe("database sessions (AUTH_SESSION_STRATEGY=database) on D1", () => {
  it("turns a Credentials sign-in into a session row whose opaque token is the cookie", async () => {
    const { jar, signIn, row } = setup();
    const response = await signIn("demo@example.com", "demo-password");
    expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
    const token = jar.get("authjs.session-token");
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row(token)).toMatchObject({ userId: "user-demo" });
  });

  it("reads id and role from the database and never shows the session token to the client", async () => {
    const { jar, request, signIn } = setup();
    await signIn("admin@example.com", "admin-password");
    const body = await (await request("/api/auth/session")).text();
    expect(JSON.parse(body)).toEqual({
      expires: expect.any(String),
      user: { id: "user-admin", name: "Admin User", email: "admin@example.com", role: "admin" },
    });
    expect(body).not.toContain(jar.get("authjs.session-token"));
  });

  it("treats an unknown session token as signed out and clears the cookie", async () => {
    const { jar, request } = setup();
    jar.set("authjs.session-token", crypto.randomUUID());
    const response = await request("/api/auth/session");
    expect(await response.json()).toBeNull();
    expect(jar.get("authjs.session-token")).toBeUndefined();
  });

  it("writes the row at most once per updateAge: a fresh row is only read", async () => {
    const { jar, request, signIn, row } = setup();
    await signIn("demo@example.com", "demo-password");
    const token = jar.get("authjs.session-token");
    const before = await row(token);
    await request("/api/auth/session");
    expect(await row(token)).toEqual(before);
  });

  it("extends a row last extended more than a day ago", async () => {
    const { jar, request, signIn, row } = setup();
    await signIn("demo@example.com", "demo-password");
    const token = jar.get("authjs.session-token");
    const twoDaysOld = new Date(Date.now() + (SESSION_MAX_AGE_SECONDS - 2 * 86_400) * 1000).toISOString();
    await db.prepare('UPDATE "sessions" SET "expires" = ? WHERE "sessionToken" = ?').bind(twoDaysOld, token).run();
    await request("/api/auth/session");
    const extended = await row(token);
    expect(new Date(extended?.expires ?? 0).getTime()).toBeGreaterThan(new Date(twoDaysOld).getTime() + 86_400_000);
  });

  it("deletes the row on sign-out", async () => {
    const { jar, request, signIn, row } = setup();
    await signIn("demo@example.com", "demo-password");
    const token = jar.get("authjs.session-token");
    const { csrfToken } = (await (await request("/api/auth/csrf")).json()) as { csrfToken: string };
    await request("/api/auth/signout", form({ csrfToken, callbackUrl: "/" }));
    expect(await row(token)).toBeNull();
    expect(jar.get("authjs.session-token")).toBeUndefined();
  });

  it("ends every session of one user on 'sign out everywhere', and only theirs", async () => {
    const laptop = setup();
    await laptop.signIn("demo@example.com", "demo-password");
    const phone = setup();
    await phone.signIn("demo@example.com", "demo-password");
    const admin = setup();
    await admin.signIn("admin@example.com", "admin-password");

    expect(laptop.feature.sessions?.ending()).toEqual({ supported: true, strategy: "database" });
    expect(await laptop.feature.sessions?.end("user-demo")).toEqual({ supported: true, strategy: "database" });
    expect(await (await phone.request("/api/auth/session")).json()).toBeNull();
    expect(await (await laptop.request("/api/auth/session")).json()).toBeNull();
    expect(await admin.row(admin.jar.get("authjs.session-token"))).toMatchObject({ userId: "user-admin" });
  });

  it("refuses to serve database sessions with neither the D1 binding nor DATABASE_URL, naming both", async () => {
    vi.stubEnv("AUTH_SESSION_STRATEGY", "database");
    const config = configFor(authConfig, [databaseSessions()], "app");
    expect(typeof config).toBe("function");
    await expect(async () => (typeof config === "function" ? config() : config)).rejects.toThrow(/D1 binding "DB".*DATABASE_URL/);
  });

  it("adds nothing with JWT sessions (the default): no config hook, and revocation answers 'sign out everywhere'", () => {
    vi.stubEnv("AUTH_SESSION_STRATEGY", "");
    expect(databaseSessions()).toEqual({ name: "database-sessions" });
    expect(configFor(authConfig, [databaseSessions()], "app")).toBe(authConfig);
  });

  it("gives the database variant the config's maxAge and updateAge", () => {
    const { session } = withDatabaseSessions({ ...authConfig, session: { strategy: "jwt", maxAge: 3600, updateAge: 600 } }, {});
    expect(session).toEqual({ maxAge: 3600, updateAge: 600 });
  });
});
