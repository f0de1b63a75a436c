/**
 * Sliding-window attempt counters for credentials sign-in over a pluggable store: an in-memory
 * map (one per isolate, no setup), Redis over HTTP (Vercel's Upstash integration; redis-store.ts)
 * or a Cloudflare KV namespace bound as RATE_LIMIT_KV, so limits hold across instances and restarts. The policy (which keys, which limits) is in
 * sign-in-limit.ts; this file only counts.
 * @see https://developers.cloudflare.com/kv/concepts/how-kv-works/
 */
import { makeRoom } from "../../lib/bounded-map";
import { readCloudflareBinding } from "../../platform/cloudflare/bindings";
import { isKvListNamespace, kvTtl, type KvListNamespace } from "../../platform/cloudflare/kv";
import { redisFromEnv } from "../../platform/upstash/redis";

import { RedisRateLimitStore } from "./redis-store";

export interface Limit {
  /** Attempts allowed in any window of `windowMs`. */
  max: number;
  windowMs: number;
}

export interface Tally {
  /** Attempts in the window ending now, this one included; counted up to `max + 1`, no further. */
  count: number;
  /** Epoch milliseconds from which one more attempt would be within the limit again (when over it). */
  retryAt: number;
}

export interface RateLimitStore {
  /** Records one attempt under `key`, then counts the attempts in the window, this one included. */
  hit(key: string, limit: Limit, now: number): Promise<Tally>;
  clear(key: string): Promise<void>;
}

/**
 * From the newest attempts (newest first, this one included): over the limit, the next attempt
 * is allowed once the max-th newest has left the window, because then at most max - 1 remain.
 */
function tallyOf(newestFirst: number[], limit: Limit, now: number): Tally {
  const inWindow = newestFirst.filter((at) => at > now - limit.windowMs).slice(0, limit.max + 1);
  const count = inWindow.length;
  const pivot = inWindow[limit.max - 1];
  return { count, retryAt: count > limit.max && pivot !== undefined ? pivot + limit.windowMs : now };
}

/** Bounded so that a flood of distinct keys cannot grow an isolate's memory without end. */
export const MAX_MEMORY_KEYS = 10_000;

interface Entry {
  /** Attempt times, oldest first, never more than `max + 1`. */
  times: number[];
  windowMs: number;
}

export class MemoryStore implements RateLimitStore {
  private entries = new Map<string, Entry>();

  constructor(private readonly maxKeys = MAX_MEMORY_KEYS) {}

  async hit(key: string, limit: Limit, now: number): Promise<Tally> {
    const current = this.entries.get(key);
    if (!current) this.makeRoom(now);
    const times = [...(current?.times ?? []).filter((at) => at > now - limit.windowMs), now].slice(-(limit.max + 1));
    this.entries.set(key, { times, windowMs: limit.windowMs });
    return tallyOf([...times].reverse(), limit, now);
  }

  async clear(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Full: drop the expired entries, else the entry with the fewest live attempts. Never "the
   * oldest": that is the counter an attacker has been feeding longest. Pushing out a counter
   * that holds c attempts means first raising every other counter to c, so flooding the map
   * with fresh keys wins nothing back.
   */
  private makeRoom(now: number): void {
    const live = ({ times, windowMs }: Entry) => times.filter((at) => at > now - windowMs).length;
    makeRoom(this.entries, this.maxKeys, {
      isExpired: (entry) => live(entry) === 0,
      victim: (entries) => {
        let victim: string | undefined;
        let fewest = Infinity;
        for (const [key, entry] of entries) {
          const count = live(entry);
          if (count < fewest) [victim, fewest] = [key, count];
        }
        return victim;
      },
    });
  }
}

// Later attempts get smaller names, so a prefix listing (lexicographic) returns the newest first.
const TIME_DIGITS = 16;

/**
 * KV has no atomic increment, and a read-then-write counter loses attempts that race. So each
 * attempt is its own key (`<key>:<inverted time>:<random>`, expiring with the window) and the
 * count is a listing of the newest `max + 1` under the prefix, taken after writing: of N racing
 * attempts, the k-th whose write lands sees at least k, so no more than `max` are allowed.
 * KV is eventually consistent: a write can take up to about a minute to be listed in another
 * location, so an attacker spread across locations gets somewhat more tries, never unbounded.
 */
export class KvStore implements RateLimitStore {
  constructor(private readonly kv: KvListNamespace) {}

  async hit(key: string, limit: Limit, now: number): Promise<Tally> {
    const inverted = String(Number.MAX_SAFE_INTEGER - now).padStart(TIME_DIGITS, "0");
    const ttl = kvTtl(limit.windowMs / 1000);
    await this.kv.put(`${key}:${inverted}:${crypto.randomUUID()}`, "", { expirationTtl: ttl });
    const { keys } = await this.kv.list({ prefix: `${key}:`, limit: limit.max + 1 });
    const times = keys.flatMap(({ name }) => {
      const at = Number.MAX_SAFE_INTEGER - Number(name.slice(key.length + 1, key.length + 1 + TIME_DIGITS));
      return Number.isSafeInteger(at) ? [at] : [];
    });
    return tallyOf(times, limit, now);
  }

  async clear(key: string): Promise<void> {
    // A cleared counter holds at most max + 1 attempts plus any racing ones: a few pages at most.
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const listed = await this.kv.list({ prefix: `${key}:`, cursor });
      await Promise.all(listed.keys.map(({ name }) => this.kv.delete(name)));
      if (listed.list_complete || !listed.cursor) return;
      cursor = listed.cursor;
    }
  }
}

const memoryStore = new MemoryStore();

/**
 * The store for this request: Redis when its variables are set (platform/upstash/redis.ts), else
 * the RATE_LIMIT_KV binding when one is configured, else this isolate's memory.
 */
export function getRateLimitStore(): RateLimitStore {
  const redis = redisFromEnv();
  if (redis) return new RedisRateLimitStore(redis);
  const binding = readCloudflareBinding("RATE_LIMIT_KV");
  return isKvListNamespace(binding) ? new KvStore(binding) : memoryStore;
}
