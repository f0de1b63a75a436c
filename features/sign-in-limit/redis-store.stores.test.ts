import { describe, expect, it } from "vitest";

import { sharedRedisForFile } from "../../test/support/shared-redis";

import { RedisRateLimitStore } from "./redis-store";

/**
 * Sign-in limits through the real `@upstash/ratelimit` and `@upstash/redis` clients against a
 * real `redis-server` behind the Upstash protocol test fixture; two clients stand for two
 * instances of the app. `npm run test:stores`.
 */
const redis = sharedRedisForFile();

describe("sign-in limits through @upstash/ratelimit on Redis", () => {
  const limit = { max: 10, windowMs: 60_000 };

  it("allows exactly the limit of 30 racing attempts spread over two instances", async () => {
    const stores = redis().instances.map((redis) => new RedisRateLimitStore(redis));
    const now = Date.now();
    const tallies = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 2]!.hit("signin:race", limit, now)));
    expect(tallies.filter(({ count }) => count <= limit.max)).toHaveLength(limit.max);
    const refused = tallies.filter(({ count }) => count > limit.max);
    expect(refused).toHaveLength(20);
    for (const { retryAt } of refused) expect(retryAt).toBeGreaterThan(now);
  });

  it("starts a key afresh after clear, on the other instance too", async () => {
    const [one, two] = redis().instances.map((redis) => new RedisRateLimitStore(redis));
    for (let i = 0; i < limit.max; i++) await one!.hit("signin:clear", limit, Date.now());
    expect((await two!.hit("signin:clear", limit, Date.now())).count).toBe(limit.max + 1);
    await two!.clear("signin:clear");
    expect((await one!.hit("signin:clear", limit, Date.now())).count).toBe(1);
  });
});
