import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";

import type { Limit, RateLimitStore, Tally } from "./rate-limit";

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
