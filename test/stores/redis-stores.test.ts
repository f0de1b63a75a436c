import type { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

describe("when Redis is down", () => {
  it("fails a version read (revocation signs the visitor out), and recovers", async () => {
    const versions = new RedisVersionStore(instances[0]);
    await redisServer.stop();
    try {
      const started = Date.now();
      await expect(versions.get("user-a")).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await redisServer.start();
    }
    await expect.poll(() => versions.get("user-never").catch(() => -1), { timeout: 10_000 }).toBe(0);
  });
});
