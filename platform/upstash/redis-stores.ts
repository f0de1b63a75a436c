import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";

import type { Limit, RateLimitStore, Tally } from "@/lib/rate-limit";
import type { RefreshStore } from "@/lib/refresh-store";
import { newSessionVersion, type SessionVersionStore } from "@/lib/session-version";

/**
 * The shared stores on Redis (platform/upstash/redis.ts): one region, strongly consistent, and
 * atomic where a feature needs it, which Cloudflare KV is not. Each throws when Redis cannot be
 * reached in time; the feature using it decides what that means (SECURITY.md).
 */

/** Revocation: a user's session version. A bump is one SET of a fresh random version: no read-then-write. */
export class RedisVersionStore implements SessionVersionStore {
  constructor(private readonly redis: Redis) {}

  async get(userId: string): Promise<number> {
    const value = await this.redis.get<string>(`session-version:${userId}`);
    return value === null ? 0 : Number(value);
  }

  async bump(userId: string): Promise<number> {
    const version = newSessionVersion();
    await this.redis.set(`session-version:${userId}`, String(version));
    return version;
  }
}

/** Token refresh: `SET NX` makes the claim atomic, so exactly one request across instances refreshes. */
export class RedisRefreshStore implements RefreshStore {
  constructor(private readonly redis: Redis) {}

  async claim(id: string, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.set(`refresh-claim:${id}`, "1", { nx: true, ex: ttlSeconds })) === "OK";
  }

  async release(id: string): Promise<void> {
    await this.redis.del(`refresh-claim:${id}`);
  }

  async outcome(id: string): Promise<string | null> {
    return this.redis.get<string>(`refresh-outcome:${id}`);
  }

  async record(id: string, sealed: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(`refresh-outcome:${id}`, sealed, { ex: ttlSeconds });
  }
}

/**
 * Sign-in limits through `@upstash/ratelimit`'s sliding window (one Lua script per attempt, so
 * racing attempts are counted exactly). Unlike the KV and memory stores it does not count an
 * attempt it refuses: a guesser who keeps going stays refused until the window slides past the
 * allowed ones, which ends no later than the stores' own `retryAt`.
 * @see https://upstash.com/docs/redis/sdks/ratelimit-ts/algorithms#sliding-window
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly limiters = new Map<string, Ratelimit>();

  constructor(private readonly redis: Redis) {}

  private limiter({ max, windowMs }: Limit): Ratelimit {
    const name = `${max}:${windowMs}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      // No ephemeral cache and no timeout: its timeout would allow the attempt (fail open); the
      // client's own timeout throws instead, and the sign-in limit decides.
      limiter = new Ratelimit({ redis: this.redis, limiter: Ratelimit.slidingWindow(max, `${windowMs} ms`), prefix: `signin-limit:${name}`, ephemeralCache: false, timeout: 0 });
      this.limiters.set(name, limiter);
    }
    return limiter;
  }

  async hit(key: string, limit: Limit, now: number): Promise<Tally> {
    const { success, remaining, reset } = await this.limiter(limit).limit(key);
    return success ? { count: limit.max - remaining, retryAt: now } : { count: limit.max + 1, retryAt: reset };
  }

  async clear(key: string): Promise<void> {
    await Promise.all([...this.limiters.values()].map((limiter) => limiter.resetUsedTokens(key)));
  }
}
