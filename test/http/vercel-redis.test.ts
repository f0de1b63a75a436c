import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { csrfPair } from "../support/hostile-cases";
import { HttpClient } from "../support/http-client";
import { startRedis, type RedisServer } from "../support/redis-server";
import { startServer, type AppServer } from "../support/servers";
import { startUpstashFixture, type UpstashFixture } from "../support/upstash-fixture";

/**
 * Vercel's stand-in for two instances: two `next start` processes of one build sharing one
 * Redis (a real redis-server behind the Upstash protocol test fixture, through the app's real
 * @upstash clients). What one instance does, the other must honour.
 */
let redis: RedisServer;
let fixture: UpstashFixture;
let instances: AppServer[] = [];

beforeAll(async () => {
  redis = await startRedis();
  fixture = await startUpstashFixture(redis.url);
  const env = { AUTH_SECRET: randomBytes(32).toString("base64"), KV_REST_API_URL: fixture.url, KV_REST_API_TOKEN: fixture.token, AUTH_SESSION_CHECK_SECONDS: "0" };
  instances = await Promise.all([startServer("next", { env }), startServer("next", { env })]);
});

afterAll(async () => {
  await Promise.all(instances.map((server) => server.stop()));
  await fixture?.stop();
  await redis?.stop();
});

describe("two next start instances sharing Redis", () => {
  it("ends every session of the user on both instances when one signs out everywhere", async () => {
    const [one, two] = instances as [AppServer, AppServer];
    const laptop = new HttpClient(one.origin);
    await laptop.signIn("demo@example.com", "demo-password");
    const phone = new HttpClient(two.origin);
    await phone.signIn("demo@example.com", "demo-password");
    expect((await phone.request("/api/me")).status).toBe(200);

    const ended = await laptop.request("/api/sessions", { method: "DELETE", headers: { origin: one.origin } });
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ userId: "user-demo", supported: true, strategy: "jwt", withinSeconds: 0, propagationSeconds: 0 });

    // Either device, on either instance: the sessions issued before are over.
    for (const [client, server] of [[phone, two], [phone, one], [laptop, two]] as const) {
      const response = await fetch(new URL("/api/me", server.origin), { headers: { cookie: client.sessionCookie() ?? "" } });
      expect(response.status).toBe(401);
    }
  });

  it("limits racing wrong passwords for one account, spread over both instances, at the configured count in total", async () => {
    const attempt = async (server: AppServer, password: string) => {
      const csrf = await csrfPair(server.origin);
      const response = await fetch(new URL("/api/auth/callback/credentials", server.origin), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie },
        body: new URLSearchParams({ csrfToken: csrf.token, email: "admin@example.com", password }),
      });
      return response.status;
    };
    // `next start` with no AUTH_CLIENT_IP_HEADER counts per account: 10 in 15 minutes.
    const statuses = await Promise.all(Array.from({ length: 16 }, (_, i) => attempt(instances[i % 2]!, `wrong-${i}`)));
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    expect(statuses.filter((status) => status === 302)).toHaveLength(10);
  });

  it.each([
    ["slow (replies held 10 s)", { delayMs: 10_000 }],
    ["answering errors", { error: "ERR injected by the test fixture" }],
  ])("while Redis is %s: no request waits past the client's 1 s timeout by much, none answers 5xx, each feature fails its stated way", async (_, fault) => {
    const [one] = instances as [AppServer, AppServer];
    const device = new HttpClient(one.origin);
    await device.signIn("demo@example.com", "demo-password");
    const cookie = device.sessionCookie() ?? "";
    const csrf = await csrfPair(one.origin);
    fixture.fault(fault);
    try {
      // A bound far above platform/upstash/redis.ts's 1 s and far below the fault's 10 s: a
      // request that waited for Redis instead of timing out fails here, whatever the machine.
      const signal = () => AbortSignal.timeout(5_000);
      const me = await fetch(new URL("/api/me", one.origin), { headers: { cookie }, signal: signal() });
      expect(me.status).toBe(401);
      const signIn = await fetch(new URL("/api/auth/callback/credentials", one.origin), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie },
        body: new URLSearchParams({ csrfToken: csrf.token, email: "demo@example.com", password: "demo-password" }),
        signal: signal(),
      });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("location")).toMatch(/\/signin\?error=/);
      // What needs no store is untouched.
      expect((await fetch(new URL("/", one.origin), { signal: signal() })).status).toBe(200);
    } finally {
      fixture.fault(undefined);
    }
  });

  it("fails in the stated direction while Redis is down, answers no 5xx, and recovers when it is back", async () => {
    const [one] = instances as [AppServer, AppServer];
    const device = new HttpClient(one.origin);
    await device.signIn("demo@example.com", "demo-password");
    const cookie = device.sessionCookie() ?? "";
    await redis.stop();
    try {
      // Revocation cannot check the version: signed out (fail closed), not an error.
      expect((await fetch(new URL("/api/me", one.origin), { headers: { cookie } })).status).toBe(401);
      // Nor can ending sessions: the same check in middleware refuses it first (with a check
      // interval, a session checked moments before reaches the route, which answers 503).
      expect((await device.request("/api/sessions", { method: "DELETE", headers: { origin: one.origin } })).status).toBe(401);
      // The limiter cannot count: sign-in is refused with Auth.js's error page, not let through.
      const csrf = await csrfPair(one.origin);
      const signIn = await fetch(new URL("/api/auth/callback/credentials", one.origin), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie },
        body: new URLSearchParams({ csrfToken: csrf.token, email: "demo@example.com", password: "demo-password" }),
      });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("location")).toMatch(/\/signin\?error=/);
      expect(signIn.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token="))).toBe(false);
    } finally {
      await redis.start();
    }
    // This Redis restarts empty (no persistence here), so the old session's version is gone with
    // it; a new sign-in works again once the clients have reconnected (no timing asserted).
    await expect
      .poll(
        async () => {
          const again = new HttpClient(one.origin);
          await again.signIn("demo@example.com", "demo-password");
          return (await again.request("/api/me")).status;
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(200);
  });
});
