import { describe, expect, it } from "vitest";

import { sharedRedisForFile } from "../../test/support/shared-redis";

import { MemoryRefreshStore, RedisRefreshStore } from "./refresh-store";

/**
 * The Redis refresh store through the real `@upstash/redis` client, against a real
 * `redis-server` behind the Upstash protocol fixture. Two clients stand for two instances of
 * the app (two Vercel functions): what both race for, exactly one must get.
 */
const redis = sharedRedisForFile();

describe("refresh coordination on Redis", () => {
  it("grants one claim among 20 racing requests on two instances, and another once it is released", async () => {
    // Each instance with its own memory, as two processes would be.
    const stores = redis().instances.map((redis) => new RedisRefreshStore(redis, new MemoryRefreshStore()));
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.claim("token-1", 30)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = stores[claims.indexOf(true) % 2]!;
    expect(await winner.claim("token-1", 30)).toBe(false);
    // A transient failure gives the claim back: the next request may try again.
    await winner.release("token-1");
    expect(await winner.claim("token-1", 30)).toBe(true);
  });

  it("lets every instance read a recorded outcome until it expires", async () => {
    const [one, two] = redis().instances.map((redis) => new RedisRefreshStore(redis, new MemoryRefreshStore()));
    await one!.record("token-2", "sealed-outcome", 1);
    expect(await two!.outcome("token-2")).toBe("sealed-outcome");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await two!.outcome("token-2")).toBeNull();
  });

  it("coordinates refreshes in this instance's memory while Redis is down", async () => {
    const refresh = new RedisRefreshStore(redis().instances[0], new MemoryRefreshStore());
    await redis().redis.stop();
    try {
      // The claim falls back to this instance's memory: one of two racing requests, not an error.
      const claims = await Promise.all([refresh.claim("token-down", 30), refresh.claim("token-down", 30)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    } finally {
      await redis().redis.start();
    }
  });
});
