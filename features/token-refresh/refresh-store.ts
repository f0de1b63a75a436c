import type { Redis } from "@upstash/redis";

import { readCloudflareBinding } from "../../platform/cloudflare/bindings";
import { isKvNamespace, kvTtl, type KvNamespace } from "../../platform/cloudflare/kv";
import { redisFromEnv } from "../../platform/upstash/redis";

import { makeRoom } from "../../lib/bounded-map";

/**
 * Where concurrent refreshes of one refresh token meet (./token-refresh.ts): a claim, so one
 * request refreshes while the others wait, and the sealed outcome of that rotation, kept a
 * short while so a request still carrying the old refresh token gets the new tokens instead of
 * presenting a consumed token to the provider (which strict providers answer by revoking the
 * whole grant). Keys and values are opaque here: a hash and a sealed blob (./refresh-record.ts).
 *
 * What each store guarantees is stated in SECURITY.md ("Access tokens and refresh"):
 * - `MemoryRefreshStore`: exactly one refresh per refresh token within one isolate / one
 *   sandbox (the claim is a synchronous check-and-set in one event loop).
 * - `KvRefreshStore`: the same within one isolate (it claims in memory first), plus a claim and
 *   an outcome in Cloudflare KV for the other isolates. KV has no compare-and-set and is
 *   eventually consistent, so across isolates this is best effort, not a guarantee.
 */
export interface RefreshStore {
  /** Takes the right to refresh; false while another request holds it. Lapses after `ttlSeconds`. */
  claim(id: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim back without an outcome (a transient failure), so a later request may retry. */
  release(id: string): Promise<void>;
  /** The sealed outcome recorded for this refresh token, if any. */
  outcome(id: string): Promise<string | null>;
  record(id: string, sealed: string, ttlSeconds: number): Promise<void>;
}

/** Bounded so that a flood of distinct refresh tokens cannot grow an isolate's memory without end. */
const MAX_MEMORY_ENTRIES = 10_000;

export class MemoryRefreshStore implements RefreshStore {
  private claims = new Map<string, number>();
  private outcomes = new Map<string, { sealed: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(id: string, ttlSeconds: number): Promise<boolean> {
    return this.claimNow(id, ttlSeconds);
  }

  /** Synchronous on purpose: no await between the check and the set, so two requests cannot both win. */
  claimNow(id: string, ttlSeconds: number): boolean {
    const now = this.now();
    const held = this.claims.get(id);
    if (held !== undefined && held > now) return false;
    makeRoom(this.claims, MAX_MEMORY_ENTRIES, { isExpired: (until) => until <= now });
    this.claims.set(id, now + ttlSeconds * 1000);
    return true;
  }

  async release(id: string): Promise<void> {
    this.claims.delete(id);
  }

  async outcome(id: string): Promise<string | null> {
    const entry = this.outcomes.get(id);
    return entry && entry.until > this.now() ? entry.sealed : null;
  }

  async record(id: string, sealed: string, ttlSeconds: number): Promise<void> {
    const now = this.now();
    makeRoom(this.outcomes, MAX_MEMORY_ENTRIES, { isExpired: (entry) => entry.until <= now });
    this.outcomes.set(id, { sealed, until: now + ttlSeconds * 1000 });
  }
}

/**
 * A store every instance reads, in front of this isolate's memory. The memory claim makes
 * concurrent requests in one isolate exact; the shared claim decides between instances. An
 * error of the shared store degrades to this isolate's memory (the guarantee of the memory
 * store) rather than failing the session read: signing users out for a store blip would be
 * worse than the cross-instance race the shared layer closes.
 */
export class SharedRefreshStore implements RefreshStore {
  constructor(
    private readonly remote: RefreshStore,
    /** What the log names when the shared store fails. */
    private readonly name: string,
    /** This isolate's memory, shared by every request it serves (the binding object may be new per request). */
    private readonly local: MemoryRefreshStore = new MemoryRefreshStore(),
  ) {}

  async claim(id: string, ttlSeconds: number): Promise<boolean> {
    // Another instance holds it: the local claim stays, so this isolate's requests wait too.
    if (!this.local.claimNow(id, ttlSeconds)) return false;
    return this.shared(() => this.remote.claim(id, ttlSeconds), true);
  }

  async release(id: string): Promise<void> {
    await this.local.release(id);
    await this.shared(() => this.remote.release(id), undefined);
  }

  async outcome(id: string): Promise<string | null> {
    return (await this.local.outcome(id)) ?? (await this.shared(() => this.remote.outcome(id), null));
  }

  async record(id: string, sealed: string, ttlSeconds: number): Promise<void> {
    await this.local.record(id, sealed, ttlSeconds);
    await this.shared(() => this.remote.record(id, sealed, ttlSeconds), undefined);
  }

  private async shared<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      console.error(`${this.name} failed; coordinating within this isolate only:`, error instanceof Error ? error.name : "unknown");
      return fallback;
    }
  }
}

/**
 * Claims and outcomes in a Cloudflare KV namespace bound as TOKEN_REFRESH_KV. The KV claim (read,
 * then write) only narrows the window between isolates, because two isolates can both read "no
 * claim" before either write lands. Outcomes are visible, usually within a second, to other
 * isolates in the same location; other locations may read an older value for up to 60 s (KV's
 * documented propagation).
 * @see https://developers.cloudflare.com/kv/concepts/how-kv-works/
 */
export class KvRefreshStore extends SharedRefreshStore {
  constructor(kv: KvNamespace, local?: MemoryRefreshStore) {
    const remote: RefreshStore = {
      async claim(id, ttlSeconds) {
        if ((await kv.get(`refresh-claim:${id}`)) !== null) return false;
        await kv.put(`refresh-claim:${id}`, "1", { expirationTtl: kvTtl(ttlSeconds) });
        return true;
      },
      release: (id) => kv.delete(`refresh-claim:${id}`),
      outcome: (id) => kv.get(`refresh-outcome:${id}`),
      record: (id, sealed, ttlSeconds) => kv.put(`refresh-outcome:${id}`, sealed, { expirationTtl: kvTtl(ttlSeconds) }),
    };
    super(remote, "TOKEN_REFRESH_KV", local);
  }
}

/**
 * Claims and outcomes in Redis (platform/upstash/redis.ts): `SET NX` makes the claim atomic, so
 * exactly one request across every instance refreshes, and an outcome is visible to all at once.
 */
export class RedisRefreshStore extends SharedRefreshStore {
  constructor(redis: Redis, local?: MemoryRefreshStore) {
    const remote: RefreshStore = {
      claim: async (id, ttlSeconds) => (await redis.set(`refresh-claim:${id}`, "1", { nx: true, ex: ttlSeconds })) === "OK",
      release: async (id) => void (await redis.del(`refresh-claim:${id}`)),
      outcome: (id) => redis.get<string>(`refresh-outcome:${id}`),
      record: async (id, sealed, ttlSeconds) => void (await redis.set(`refresh-outcome:${id}`, sealed, { ex: ttlSeconds })),
    };
    super(remote, "Redis", local);
  }
}

const memoryStore = new MemoryRefreshStore();

/**
 * The TOKEN_REFRESH_KV binding when configured (platform/cloudflare/bindings.ts), in front of this isolate's
 * memory; else that memory alone.
 */
export function getRefreshStore(): RefreshStore {
  const redis = redisFromEnv();
  if (redis) return new RedisRefreshStore(redis, memoryStore);
  const binding = readCloudflareBinding("TOKEN_REFRESH_KV");
  return isKvNamespace(binding) ? new KvRefreshStore(binding, memoryStore) : memoryStore;
}
