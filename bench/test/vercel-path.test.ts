import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { startBenchRedis, type BenchRedis } from "../lib/bench-redis";
import { createSessionReader } from "../lib/session-read";
import { buildVariant, variantEnv } from "../lib/variants";
import { loadServers } from "../subjects/load";

/** The Vercel path's pieces that can fail cheaply: the bench's Redis and which servers a run loads. */
describe("the bench's Redis (redis-server behind the Upstash fixture, its own process)", () => {
  let redis: BenchRedis;
  beforeAll(async () => {
    redis = await startBenchRedis();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await redis?.stop();
  });

  it("gives the -redis variant a read that asks Redis: a version bumped there signs the session out", async () => {
    // The app as that variant's job imports it: the feature finds the variables and picks Redis.
    for (const [name, value] of Object.entries(variantEnv("template-jwt-revocation-redis", redis) ?? {})) vi.stubEnv(name, value);
    vi.resetModules();
    const app = await import("../../auth.config");
    const reader = await createSessionReader(await buildVariant("template-jwt-revocation-redis", app, { adapter: () => { throw new Error("no database here"); } }));
    const session = async () => (await (await reader.read()).json()) as { user?: { email?: string } } | null;
    expect((await session())?.user?.email).toBe("demo@example.com");
    await new Redis({ url: redis.url, token: redis.token }).set("session-version:user-demo", "7");
    expect(await session()).toBeNull();
  });
});

describe("--load-servers and --quick", () => {
  it("loads only next start for `next`: JWT, PostgreSQL sessions and the Redis check at 0 and 60 s", () => {
    const next = loadServers({ targets: ["next"], quick: false });
    expect(new Set(next.map((server) => server.target))).toEqual(new Set(["next"]));
    expect(next.flatMap((server) => (server.sessions ? [`${server.sessions} · ${server.cwd ? "Node.js" : "edge"}`] : []))).toEqual([
      "JWT · edge",
      "JWT · Node.js",
      "database, PostgreSQL · Node.js",
      "JWT + Redis check every request (`AUTH_SESSION_CHECK_SECONDS=0`) · edge",
      "JWT + Redis check every 60 s (the Deploy button's default) · edge",
    ]);
  });

  it("keeps PostgreSQL and the Redis check on every request in the CI smoke, and every adapter", () => {
    const quick = loadServers({ quick: true });
    expect(quick.filter((server) => server.store).map((server) => server.label)).toEqual(["next start (Node.js middleware)", "next start (Redis check every request)"]);
    expect(new Set(quick.map((server) => server.target))).toEqual(new Set(["next", "workerd", "worker", "opennext"]));
  });
});
