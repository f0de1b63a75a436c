import type { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { MemoryRefreshStore, RedisRefreshStore } from "@/lib/refresh-store";
import { RedisVersionStore } from "@/lib/session-version";

import type { RedisServer } from "../support/redis-server";
import { startSharedRedis, type SharedRedis } from "../support/upstash-fixture";

/**
 * The Redis stores through the real `@upstash/redis` and `@upstash/ratelimit` clients, against
 * a real `redis-server` behind the Upstash protocol fixture. Two clients stand for two instances
 * of the app (two Vercel functions): what one writes, the other must see, and what both race
 * for, exactly one must get.
 */
let shared: SharedRedis;
let instances: [Redis, Redis];
let redisServer: RedisServer;

beforeAll(async () => {
  shared = await startSharedRedis();
  ({ instances, redis: redisServer } = shared);
});

afterAll(async () => {
  await shared?.stop();
});

describe("session versions (revocation) on Redis", () => {
  it("reads 0 for a user never bumped, and the new version on every instance after a bump", async () => {
    const [one, two] = instances.map((redis) => new RedisVersionStore(redis));
    expect(await two!.get("user-never")).toBe(0);
    const version = await one!.bump("user-a");
    expect(version).not.toBe(0);
    expect(await two!.get("user-a")).toBe(version);
  });
});

describe("refresh coordination on Redis", () => {
  it("grants one claim among 20 racing requests on two instances, and another once it is released", async () => {
    // Each instance with its own memory, as two processes would be.
    const stores = instances.map((redis) => new RedisRefreshStore(redis, new MemoryRefreshStore()));
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.claim("token-1", 30)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = stores[claims.indexOf(true) % 2]!;
    expect(await winner.claim("token-1", 30)).toBe(false);
    // A transient failure gives the claim back: the next request may try again.
    await winner.release("token-1");
    expect(await winner.claim("token-1", 30)).toBe(true);
  });

  it("lets every instance read a recorded outcome until it expires", async () => {
    const [one, two] = instances.map((redis) => new RedisRefreshStore(redis, new MemoryRefreshStore()));
    await one!.record("token-2", "sealed-outcome", 1);
    expect(await two!.outcome("token-2")).toBe("sealed-outcome");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await two!.outcome("token-2")).toBeNull();
  });
});

describe("when Redis is down", () => {
  it("fails a version read (revocation signs the visitor out), coordinates refreshes in memory, and recovers", async () => {
    const versions = new RedisVersionStore(instances[0]);
    const refresh = new RedisRefreshStore(instances[0], new MemoryRefreshStore());
    await redisServer.stop();
    try {
      const started = Date.now();
      await expect(versions.get("user-a")).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
      // The claim falls back to this instance's memory: one of two racing requests, not an error.
      const claims = await Promise.all([refresh.claim("token-down", 30), refresh.claim("token-down", 30)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    } finally {
      await redisServer.start();
    }
    await expect.poll(() => versions.get("user-never").catch(() => -1), { timeout: 10_000 }).toBe(0);
  });
});
