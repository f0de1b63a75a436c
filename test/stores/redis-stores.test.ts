import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { RedisRateLimitStore, RedisRefreshStore, RedisVersionStore } from "@/platform/upstash/redis-stores";

import { startRedis, type RedisServer } from "../support/redis-server";
import { startUpstashFixture, type UpstashFixture } from "../support/upstash-fixture";

/**
 * The Redis stores through the real `@upstash/redis` and `@upstash/ratelimit` clients, against
 * a real `redis-server` behind the Upstash protocol fixture. Two clients stand for two instances
 * of the app (two Vercel functions): what one writes, the other must see, and what both race
 * for, exactly one must get.
 */
let redisServer: RedisServer;
let fixture: UpstashFixture;
let instances: [Redis, Redis];

beforeAll(async () => {
  redisServer = await startRedis();
  fixture = await startUpstashFixture(redisServer.url);
  const client = () => new Redis({ url: fixture.url, token: fixture.token, retry: false, automaticDeserialization: false });
  instances = [client(), client()];
});

afterAll(async () => {
  await fixture?.stop();
  await redisServer?.stop();
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
  it("grants one claim among 20 racing requests on two instances, and none until it is released", async () => {
    const stores = instances.map((redis) => new RedisRefreshStore(redis));
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.claim("token-1", 30)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await stores[0]!.claim("token-1", 30)).toBe(false);
    await stores[1]!.release("token-1");
    expect(await stores[0]!.claim("token-1", 30)).toBe(true);
  });

  it("lets every instance read a recorded outcome until it expires", async () => {
    const [one, two] = instances.map((redis) => new RedisRefreshStore(redis));
    await one!.record("token-2", "sealed-outcome", 1);
    expect(await two!.outcome("token-2")).toBe("sealed-outcome");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await two!.outcome("token-2")).toBeNull();
  });
});

describe("sign-in limits through @upstash/ratelimit on Redis", () => {
  const limit = { max: 10, windowMs: 60_000 };

  it("allows exactly the limit of 30 racing attempts spread over two instances", async () => {
    const stores = instances.map((redis) => new RedisRateLimitStore(redis));
    const now = Date.now();
    const tallies = await Promise.all(Array.from({ length: 30 }, (_, i) => stores[i % 2]!.hit("signin:race", limit, now)));
    expect(tallies.filter(({ count }) => count <= limit.max)).toHaveLength(limit.max);
    const refused = tallies.filter(({ count }) => count > limit.max);
    expect(refused).toHaveLength(20);
    for (const { retryAt } of refused) expect(retryAt).toBeGreaterThan(now);
  });

  it("starts a key afresh after clear, on the other instance too", async () => {
    const [one, two] = instances.map((redis) => new RedisRateLimitStore(redis));
    for (let i = 0; i < limit.max; i++) await one!.hit("signin:clear", limit, Date.now());
    expect((await two!.hit("signin:clear", limit, Date.now())).count).toBe(limit.max + 1);
    await two!.clear("signin:clear");
    expect((await one!.hit("signin:clear", limit, Date.now())).count).toBe(1);
  });
});

describe("when Redis is down", () => {
  it("throws within the client's timeout instead of hanging, and works again once Redis is back", async () => {
    const store = new RedisVersionStore(instances[0]);
    await redisServer.stop();
    const started = Date.now();
    await expect(store.get("user-a")).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    await redisServer.start();
    await expect.poll(() => store.get("user-never").catch(() => -1), { timeout: 10_000 }).toBe(0);
  });
});
