import { randomBytes } from "node:crypto";

import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { HttpClient } from "../support/http-client";
import { APP_CALLBACK, startTestIdp, type TestIdp } from "../support/oidc-provider";
import { startRedis, type RedisServer } from "../support/redis-server";
import { classify, signInThroughIdp } from "../support/refresh-stress";
import { startServer, type AppServer } from "../support/servers";
import { startUpstashFixture, type UpstashFixture } from "../support/upstash-fixture";

/**
 * Provider-token refresh on `next start` while Redis, the refresh store, is unreachable or slow
 * (seconds): the refresh falls back to this instance's memory, so concurrent requests still make
 * exactly one, nobody is signed out, nothing answers an error, and no request waits past the
 * bound SECURITY.md states ("Provider access tokens and refresh").
 */
const ACCESS_SECONDS = 4;
const SECRET = randomBytes(32).toString("base64");
const SESSION_COOKIE = "authjs.session-token";
/** SECURITY.md's bound: a refreshing request waits at most 4 Redis timeouts of 1 s beyond the provider; a waiting one at most 15 s + 1 s. */
const BOUND_MS = 20_000;
const PATHS = ["/dashboard", "/api/auth/session", "/api/me", "/api/userinfo", "/dashboard", "/api/auth/session"];

let redis: RedisServer;
let fixture: UpstashFixture;
let idp: TestIdp;
let server: AppServer;

beforeAll(async () => {
  redis = await startRedis();
  fixture = await startUpstashFixture(redis.url);
  idp = await startTestIdp({ redirectUris: [APP_CALLBACK], refresh: { accessTokenSeconds: ACCESS_SECONDS } });
  server = await startServer("next", { env: { ...idp.appEnv, AUTH_SECRET: SECRET, KV_REST_API_URL: fixture.url, KV_REST_API_TOKEN: fixture.token } });
});

afterAll(async () => {
  await server?.stop();
  await idp?.stop();
  await fixture?.stop();
  redis?.resume();
  await redis?.stop();
});

/** Waits (no assertion on time) until the session's access token is due for refresh. */
async function untilDue(client: HttpClient): Promise<void> {
  const token = await decode({ token: client.jar.get(SESSION_COOKIE), secret: SECRET, salt: SESSION_COOKIE });
  const refreshAt = (token?.providerTokens as { refreshAt?: number } | undefined)?.refreshAt;
  if (refreshAt === undefined) throw new Error("the session holds no provider tokens");
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, refreshAt * 1000 - Date.now() + 50)));
}

/** The paths at once with the session's cookie as it is, as parallel tabs send them; each must answer within the bound. */
async function concurrently(client: HttpClient): Promise<string[]> {
  return Promise.all(PATHS.map(async (path) => classify(path, await client.request(path, { signal: AbortSignal.timeout(BOUND_MS) }))));
}

describe.each([
  ["unreachable", () => redis.stop(), () => redis.start()],
  ["slow (nothing answers until it resumes)", async () => redis.pause(), async () => redis.resume()],
] as const)("refresh while Redis is %s", (_, fault, recover) => {
  it("refreshes once in this instance's memory, answers every request signed in, within the stated bound", async () => {
    const client = await signInThroughIdp(server.origin, `redis-fault-${Date.now()}`);
    await untilDue(client);
    const before = idp.refreshStats();
    await fault();
    try {
      expect(await concurrently(client)).toEqual(PATHS.map(() => "signed-in"));
    } finally {
      await recover();
    }
    expect(idp.refreshStats().refreshes - before.refreshes).toBe(1);
    expect(idp.refreshStats().reused - before.reused).toBe(0);
    // The store did meet the fault, and said so by name only.
    expect(server.output()).toMatch(/Redis failed; coordinating within this isolate only/);
  });
});
