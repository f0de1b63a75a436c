import { describe, expect, it } from "vitest";

import { sharedRedisForFile } from "../../test/support/shared-redis";

import { RedisVersionStore } from "./session-version";

/**
 * Session versions through the real `@upstash/redis` client against a real `redis-server` behind
 * the Upstash protocol test fixture; two clients stand for two instances of the app (two Vercel
 * functions): what one bumps, the other must read. `npm run test:stores`.
 */
const redis = sharedRedisForFile();

describe("session versions (revocation) on Redis", () => {
  it("reads 0 for a user never bumped, and the new version on every instance after a bump", async () => {
    const [one, two] = redis().instances.map((redis) => new RedisVersionStore(redis));
    expect(await two!.get("user-never")).toBe(0);
    const version = await one!.bump("user-a");
    expect(version).not.toBe(0);
    expect(await two!.get("user-a")).toBe(version);
  });

  it("fails a version read while Redis is down (revocation signs the visitor out), and reads again once it is back", async () => {
    const versions = new RedisVersionStore(redis().instances[0]);
    await redis().redis.stop();
    try {
      const started = Date.now();
      await expect(versions.get("user-a")).rejects.toThrow();
      // Bounded by the client's timeout: a request is not held while Redis is away.
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await redis().redis.start();
    }
    await expect.poll(() => versions.get("user-never").catch(() => -1), { timeout: 10_000 }).toBe(0);
  });
});
