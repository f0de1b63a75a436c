import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { features } from "@/auth.config";

import {
  buildHostileCases,
  checkLimit,
  checkResponse,
  csrfPair,
  HostileTally,
  requestsOf,
  sendRaw,
  type HostileCase,
  type Violation,
} from "../support/hostile-cases";
import { migratedLocalD1, type LocalD1 } from "../support/local-d1";
import { servers, startServer, type AppServer } from "../support/servers";

/**
 * The hostile-input table (test/support/hostile-cases.ts) against the built app on every deploy
 * target: here the router decides what is served, so path tricks meet the real thing. That
 * includes the Worker from next-on-pages, which serves Pages' build through its own entry
 * (platform/cloudflare/next-on-pages-worker.ts) and asset binding: the same app, another router.
 */
// Every server with JWT sessions, and Pages on workerd with database sessions (D1).
const runs = [...servers.map((target) => [target, target, false] as const), ["workerd with D1 sessions", "workerd", true] as const];

describe.each(runs)("hostile input on %s", (label, target, databaseSessions) => {
  const secret = randomBytes(32).toString("base64");
  const tally = new HostileTally();
  let server: AppServer;
  let cases: HostileCase[] = [];
  let d1: LocalD1 | undefined;

  // On workerd the sign-in limit counts in a real (local, throwaway) KV namespace, as deployed;
  // `wrangler dev` of the Worker takes no binding flags, so there it counts in isolate memory.
  const kvState = mkdtempSync(join(tmpdir(), "edge-auth-hostile-kv-"));

  beforeAll(async () => {
    d1 = databaseSessions ? await migratedLocalD1() : undefined;
    const wranglerArgs = target === "worker" ? [] : ["--kv", "RATE_LIMIT_KV", ...(d1 ? d1.wranglerArgs : ["--persist-to", kvState])];
    const env = { AUTH_SECRET: secret, ...(databaseSessions && { AUTH_SESSION_STRATEGY: "database" }) };
    server = await startServer(target, { env, wranglerArgs });
    cases = await buildHostileCases({
      origin: server.origin,
      secret,
      cookieName: "authjs.session-token",
      csrf: await csrfPair(server.origin),
      otherCsrf: await csrfPair(server.origin),
      platformClientIpHeader: target === "next" ? undefined : "cf-connecting-ip",
      signInLimit: features.some(({ name }) => name === "sign-in-limit"),
      databaseSessions,
    });
  });
  afterAll(async () => {
    console.log(tally.summary(label));
    await server?.stop();
    d1?.remove();
    rmSync(kvState, { recursive: true, force: true });
  });

  it("sends the security headers on pages, RSC payloads, APIs and Auth.js endpoints", async () => {
    const requests: [string, Record<string, string>][] = [["/", {}], ["/", { rsc: "1" }], ["/signin", {}], ["/api/me", {}], ["/api/auth/csrf", {}]];
    for (const [path, sent] of requests) {
      const { headers } = await fetch(new URL(path, server.origin), { redirect: "manual", headers: sent });
      expect(headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(headers.get("content-security-policy"), path).toContain("object-src 'none'");
      expect(headers.get("strict-transport-security"), path).toMatch(/max-age=\d{7,}/);
      expect(headers.get("x-frame-options"), path).toBe("DENY");
      expect(headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(headers.get("permissions-policy"), path).toContain("camera=()");
    }
  });

  it("sets the session cookie HttpOnly and SameSite=Lax, and answers the 11th attempt on one account with 429", async () => {
    const csrf = await csrfPair(server.origin);
    const post = (password: string) =>
      fetch(new URL("/api/auth/callback/credentials", server.origin), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie },
        body: new URLSearchParams({ csrfToken: csrf.token, email: "admin@example.com", password }),
      });
    const good = await post("admin-password");
    const session = good.headers.getSetCookie().find((line) => line.startsWith("authjs.session-token="));
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);

    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await post(`wrong-${i}`)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(302));
    expect(statuses[10]).toBe(429);
    const limited = await post("admin-password");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers every case without a 5xx, a stack trace, protected content signed out or an off-site redirect", async () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const failures: string[] = [];
    for (const c of cases) {
      const violations: Violation[] = [];
      let last = { status: 0, headers: new Headers(), body: "" };
      for (const one of requestsOf(c)) {
        last = await sendRaw(server.origin, one);
        violations.push(...checkResponse(one, last, server.origin));
      }
      violations.push(...checkLimit(c, last));
      tally.record(violations);
      for (const v of violations) failures.push(`[${c.group}] ${c.name}: ${v.kind} (${v.detail})`);
    }
    expect(failures).toEqual([]);
  });
});
