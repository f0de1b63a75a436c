import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { csrfPair, sendRaw } from "../support/hostile-cases";
import { startServer, type AppServer } from "../support/servers";

/**
 * The sign-in limit on real servers, sent as raw requests the way an attacker sends them. The
 * hostile table (test/support/hostile-cases.ts) covers repeated fields, JSON and forged IP
 * headers on both targets; here: which client IP `next start` trusts, the lockout policy, CSRF,
 * and concurrent attempts against real KV on workerd.
 */
const LIMIT = 10;

async function attempt(origin: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const csrf = await csrfPair(origin);
  return sendRaw(origin, {
    group: "limit",
    name: "sign-in attempt",
    method: "POST",
    path: "/api/auth/callback/credentials",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie, ...headers },
    body: new URLSearchParams({ csrfToken: csrf.token, ...fields }).toString(),
    signedOut: true,
  });
}

const signedIn = (response: { headers: Headers }) => response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token="));

describe("sign-in limit on next start behind a proxy named in AUTH_CLIENT_IP_HEADER", () => {
  let server: AppServer;
  beforeAll(async () => {
    // The test plays the proxy: it appends the client's address to X-Forwarded-For.
    server = await startServer("next", { env: { AUTH_CLIENT_IP_HEADER: "x-forwarded-for" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("counts the address the proxy appended: forged first hops and platform headers give no fresh per-IP count", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= 50; i++) {
      const forged = { "x-forwarded-for": `203.0.113.${i}, 198.51.100.7`, "cf-connecting-ip": `192.0.2.${i}`, "x-real-ip": `192.0.2.${i}` };
      statuses.push((await attempt(server.origin, { email: `stuffing-${i}@example.com`, password: "guess" }, forged)).status);
    }
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(302));
    expect(statuses[50]).toBe(429);
  }, 120_000);

  it("locks an account for the guessing address only: its owner signs in from elsewhere", async () => {
    const attacker = { "x-forwarded-for": "203.0.113.66" };
    for (let i = 0; i < LIMIT; i++) await attempt(server.origin, { email: "demo@example.com", password: `guess-${i}` }, attacker);
    const limited = await attempt(server.origin, { email: "demo@example.com", password: "demo-password" }, attacker);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(limited.body)).toMatchObject({ error: "TooManyAttempts", message: "Too many sign-in attempts. Please wait and try again." });

    const owner = await attempt(server.origin, { email: "demo@example.com", password: "demo-password" }, { "x-forwarded-for": "198.51.100.20" });
    expect(owner.status).toBe(302);
    expect(signedIn(owner)).toBe(true);
  }, 60_000);

  it("does not count attempts that fail the CSRF check", async () => {
    const from = { "x-forwarded-for": "198.51.100.30" };
    for (let i = 0; i < 3 * LIMIT; i++) {
      const forged = await attempt(server.origin, { email: "admin@example.com", password: "x", csrfToken: "0".repeat(64) }, from);
      expect(forged.headers.get("location")).toContain("error=MissingCSRF");
    }
    const owner = await attempt(server.origin, { email: "admin@example.com", password: "admin-password" }, from);
    expect(signedIn(owner)).toBe(true);
  }, 60_000);
});

describe("sign-in limit on workerd with a real KV namespace", () => {
  const state = mkdtempSync(join(tmpdir(), "edge-auth-limit-kv-"));
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer("workerd", { wranglerArgs: ["--kv", "RATE_LIMIT_KV", "--persist-to", state] });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it("loses no count to attempts sent all at once: at most the limit get through, then the right password is refused", async () => {
    const racing = await Promise.all(Array.from({ length: 3 * LIMIT }, (_, i) => attempt(server.origin, { email: "admin@example.com", password: `guess-${i}` })));
    expect(racing.every((r) => r.status === 302 || r.status === 429)).toBe(true);
    expect(racing.filter((r) => r.status === 302).length).toBeLessThanOrEqual(LIMIT);
    const limited = await attempt(server.origin, { email: "admin@example.com", password: "admin-password" });
    expect(limited.status).toBe(429);
    expect(signedIn(limited)).toBe(false);
  }, 120_000);
});
