import { D1Adapter } from "@auth/d1-adapter";
import NextAuth from "next-auth";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { authConfig } from "@/auth.config";
import { withDatabaseSessions } from "@/lib/database-sessions";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/session-lifetime";
import { selectSessionStrategy } from "@/lib/session-strategy";

import { migratedD1 } from "../support/d1";
import { authRequest, CookieJar, form, ORIGIN, signInWithCredentials } from "../support/in-process";

/**
 * The database-session variant with the template's own providers and callbacks, on a real
 * D1 database (miniflare's) through @auth/d1-adapter, as the app runs on Cloudflare. One
 * database for the file: each test signs in for a session (and row) of its own.
 */
let d1: Awaited<ReturnType<typeof migratedD1>>;
beforeAll(async () => {
  d1 = await migratedD1();
});
afterAll(() => d1.dispose());

function setup() {
  const { db } = d1;
  const { handlers } = NextAuth(withDatabaseSessions(authConfig, D1Adapter(db)));
  const jar = new CookieJar();
  const request = (path: string, init: RequestInit = {}) => authRequest(path, jar, init, handlers);
  const signIn = (email: string, password: string) => signInWithCredentials(jar, email, password, handlers);
  const row = (token: string | undefined) =>
    db.prepare('SELECT "userId", "expires" FROM "sessions" WHERE "sessionToken" = ?').bind(token).first() as Promise<
      { userId: string; expires: string } | null
    >;
  return { db, jar, request, signIn, row };
}

describe("database sessions (AUTH_SESSION_STRATEGY=database)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

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
    const { db, jar, request, signIn, row } = setup();
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

  it("refuses to serve database sessions without the D1 binding, naming it", () => {
    const config = selectSessionStrategy(authConfig, "database");
    expect(typeof config).toBe("function");
    expect(() => (typeof config === "function" ? config() : config)).toThrow(/D1 binding "DB"/);
  });

  it("leaves the config untouched with JWT sessions", () => {
    expect(selectSessionStrategy(authConfig, "jwt")).toBe(authConfig);
  });
});
