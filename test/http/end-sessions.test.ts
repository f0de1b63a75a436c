import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { HttpClient } from "../support/http-client";
import { migratedLocalD1, type LocalD1 } from "../support/local-d1";
import { startServer, type AppServer } from "../support/servers";

/**
 * "Sign out everywhere" and the Cloudflare KV stores, on real servers: a session version
 * in a local KV namespace (wrangler's `--kv`) ends JWT sessions on other devices within
 * AUTH_SESSION_CHECK_SECONDS; D1 sessions end at once; `next start`, which has no store its
 * sandboxes share, says what to configure instead of pretending.
 */
const CHECK_SECONDS = "1";

async function signedIn(origin: string, email = "demo@example.com", password = "demo-password"): Promise<HttpClient> {
  const client = new HttpClient(origin);
  await client.signIn(email, password);
  expect(client.sessionCookie()).toBeDefined();
  return client;
}

function endSessions(client: HttpClient, origin: string, userId?: string): Promise<Response> {
  return client.request(`/api/sessions${userId ? `?userId=${encodeURIComponent(userId)}` : ""}`, { method: "DELETE", headers: { origin } });
}

/** Polls /api/me with a copy of the device's cookie until it is refused; no timing is asserted. */
async function refusedWithin(client: HttpClient, origin: string, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(new URL("/api/me", origin), { headers: { cookie: client.sessionCookie() ?? "" } })).status === 401) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

describe("sign out everywhere with JWT sessions and a KV session-version store (workerd)", () => {
  const state = mkdtempSync(join(tmpdir(), "edge-auth-kv-"));
  const wranglerArgs = ["--kv", "SESSION_VERSION_KV", "--kv", "RATE_LIMIT_KV", "--persist-to", state];
  const env = { AUTH_SESSION_CHECK_SECONDS: CHECK_SECONDS };
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer("workerd", { env, wranglerArgs });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it("ends the user's session on another device, and a new sign-in works again", async () => {
    const laptop = await signedIn(server.origin);
    const phone = await signedIn(server.origin);
    const ended = await endSessions(laptop, server.origin);
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ userId: "user-demo", supported: true, strategy: "jwt", withinSeconds: 1, propagationSeconds: 60 });

    expect(await refusedWithin(phone, server.origin)).toBe(true);
    const again = await signedIn(server.origin);
    expect((await again.request("/api/me")).status).toBe(200);
  });

  it("lets an admin end another user's sessions, and refuses a user who tries the same", async () => {
    const user = await signedIn(server.origin);
    const admin = await signedIn(server.origin, "admin@example.com", "admin-password");
    expect((await endSessions(user, server.origin, "user-admin")).status).toBe(403);
    expect((await endSessions(admin, server.origin, "user-demo")).status).toBe(200);
    expect(await refusedWithin(user, server.origin)).toBe(true);
    expect((await admin.request("/api/me")).status).toBe(200);
  });

  it("refuses cross-origin and origin-less requests and signed-out callers, with JSON", async () => {
    const user = await signedIn(server.origin);
    const foreign = await user.request("/api/sessions", { method: "DELETE", headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: "cross-origin" });
    expect((await user.request("/api/sessions", { method: "DELETE" })).status).toBe(403);
    expect((await endSessions(new HttpClient(server.origin), server.origin)).status).toBe(401);
    expect((await user.request("/api/me")).status).toBe(200);
  });

  it("keeps sign-in attempt counts in KV: the limit outlives a restart of the server", async () => {
    const attacker = new HttpClient(server.origin);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attacker.signIn("admin@example.com", `wrong-${i}`)).status);
    expect(statuses.at(-1)).toBe(429);

    // An in-memory counter would start from zero in the new process; KV persisted to disk does not.
    await server.stop();
    server = await startServer("workerd", { env, wranglerArgs });
    const afterRestart = await new HttpClient(server.origin).signIn("admin@example.com", "admin-password");
    expect(afterRestart.status).toBe(429);
    expect(Number(afterRestart.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("sign out everywhere with database sessions (workerd, D1)", () => {
  let server: AppServer;
  let d1: LocalD1;
  beforeAll(async () => {
    d1 = await migratedLocalD1();
    server = await startServer("workerd", { env: { AUTH_SESSION_STRATEGY: "database" }, wranglerArgs: d1.wranglerArgs });
  });
  afterAll(async () => {
    await server?.stop();
    d1?.remove();
  });

  it("deletes every session row of the user: the other device is signed out at once", async () => {
    const laptop = await signedIn(server.origin);
    const phone = await signedIn(server.origin);
    const ended = await endSessions(laptop, server.origin);
    expect(await ended.json()).toEqual({ userId: "user-demo", supported: true, strategy: "database" });
    expect((await phone.request("/api/me")).status).toBe(401);
  });
});

describe("sign out everywhere without a shared store (next start)", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer("next", { env: { AUTH_SESSION_CHECK_SECONDS: CHECK_SECONDS } });
  });
  afterAll(() => server?.stop());

  it("answers 409 naming the binding to configure, and the dashboard says the same", async () => {
    const user = await signedIn(server.origin);
    const ended = await endSessions(user, server.origin);
    expect(ended.status).toBe(409);
    const { message } = (await ended.json()) as { message: string };
    expect(message).toContain("SESSION_VERSION_KV");
    expect(await (await user.request("/dashboard")).text()).toContain("SESSION_VERSION_KV");
    expect((await user.request("/api/me")).status).toBe(200);
  });
});
