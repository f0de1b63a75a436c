import type { Redis } from "@upstash/redis";

import { makeRoom } from "../../lib/bounded-map";
import { readCloudflareBinding } from "../../platform/cloudflare/bindings";
import { isKvNamespace, type KvNamespace } from "../../platform/cloudflare/kv";
import { redisFromEnv } from "../../platform/upstash/redis";

/**
 * Revocation for JWT sessions (on with AUTH_SESSION_CHECK_SECONDS): each user has a session
 * version in a shared store; a token carries the version it was issued under, and every session
 * read compares the two, reading the store at most once per interval per user in each isolate
 * (the last check is kept here, not on the token). Bumping the version ("sign out everywhere",
 * disabling a user) ends every older session within one interval, while the reads in between
 * cost no store read — and leave the token, and so the cookie, exactly as they were: a check
 * that re-minted the token would defeat the session read's echo guard (features/fast-read/session-read.ts),
 * which keeps a late prefetch from putting back a cookie that sign-out or update() replaced.
 */
declare module "next-auth/jwt" {
  interface JWT {
    /** The user's session version when the token was issued. */
    sessionVersion?: number;
  }
}

export interface SessionVersionStore {
  get(userId: string): Promise<number>;
  /** Ends every session issued before now for this user; returns the new version. */
  bump(userId: string): Promise<number>;
}

/**
 * A new version is random, not the old one plus one: versions are only compared for equality,
 * and KV has no atomic increment, so two concurrent read-then-increment bumps could both write
 * the same next number, and a session issued between them would survive the second. Two random
 * writes both differ from every version issued before either, whichever lands last.
 */
export function newSessionVersion(): number {
  const [high = 0, low = 0] = crypto.getRandomValues(new Uint32Array(2));
  // 53 random bits: a safe integer, so it survives JSON in the token unchanged.
  return (high & 0x1fffff) * 2 ** 32 + low;
}

export class MemoryVersionStore implements SessionVersionStore {
  private versions = new Map<string, number>();

  async get(userId: string): Promise<number> {
    return this.versions.get(userId) ?? 0;
  }

  async bump(userId: string): Promise<number> {
    const next = newSessionVersion();
    this.versions.set(userId, next);
    return next;
  }
}

/** Versions in a Cloudflare KV namespace bound as SESSION_VERSION_KV (read at the nearest edge). */
export class KvVersionStore implements SessionVersionStore {
  constructor(private readonly kv: KvNamespace) {}

  async get(userId: string): Promise<number> {
    const raw = await this.kv.get(`session-version:${userId}`);
    const version = Number(raw ?? 0);
    return Number.isSafeInteger(version) ? version : 0;
  }

  async bump(userId: string): Promise<number> {
    const next = newSessionVersion();
    await this.kv.put(`session-version:${userId}`, String(next));
    return next;
  }
}

/** A user's version in Redis (platform/upstash/redis.ts): strongly consistent, one region. */
export class RedisVersionStore implements SessionVersionStore {
  constructor(private readonly redis: Redis) {}

  async get(userId: string): Promise<number> {
    const version = Number((await this.redis.get<string>(`session-version:${userId}`)) ?? 0);
    return Number.isSafeInteger(version) ? version : 0;
  }

  async bump(userId: string): Promise<number> {
    const next = newSessionVersion();
    await this.redis.set(`session-version:${userId}`, String(next));
    return next;
  }
}

const memoryStore = new MemoryVersionStore();

/** Redis when its variables are set, else the SESSION_VERSION_KV binding when configured, else undefined. */
export function getSharedVersionStore(): SessionVersionStore | undefined {
  const redis = redisFromEnv();
  if (redis) return new RedisVersionStore(redis);
  const binding = readCloudflareBinding("SESSION_VERSION_KV");
  return isKvNamespace(binding) ? new KvVersionStore(binding) : undefined;
}

/** The shared store, else this isolate's memory (reads only ever see version 0 there). */
export function getSessionVersionStore(): SessionVersionStore {
  return getSharedVersionStore() ?? memoryStore;
}

export interface VersionedToken {
  id?: string;
  sub?: string;
  sessionVersion?: number;
}

/** A user's version as last read from the store by this isolate, and when. */
interface Check {
  version: number;
  at: number;
}

/** Bounded: an entry only saves a store read, so dropping the oldest is always safe. */
const MAX_CHECKS = 10_000;
const checks = new Map<string, Check>();

async function readVersion(userId: string, store: SessionVersionStore, now: number): Promise<number> {
  const version = await store.get(userId);
  checks.delete(userId);
  makeRoom(checks, MAX_CHECKS);
  checks.set(userId, { version, at: now });
  return version;
}

/** Forgets every kept check (tests, and a bump made in this isolate). */
export function forgetVersionChecks(userId?: string): void {
  if (userId === undefined) checks.clear();
  else checks.delete(userId);
}

/**
 * The revocation check: after the `jwt` callback, and on `getToken()`'s path (index.ts). Returns
 * the token — the very same object when the session stands, so nothing is re-minted — or null,
 * which makes Auth.js clear the session cookie. A store that throws signs the visitor out: fail closed.
 */
export async function applySessionVersion<T extends VersionedToken>(
  token: T,
  { signingIn, intervalSeconds, store, now = Date.now() }: {
    signingIn: boolean;
    intervalSeconds: number | undefined;
    store?: SessionVersionStore;
    now?: number;
  },
): Promise<T | null> {
  const userId = token.id ?? token.sub;
  // Off (the default): every session read passes straight through, with no store lookup.
  if (intervalSeconds === undefined || !userId) return token;
  const versions = store ?? getSessionVersionStore();
  // At sign-in the store is always read: the new session must carry the version in force now.
  if (signingIn) return { ...token, sessionVersion: await readVersion(userId, versions, now) };
  const issued = token.sessionVersion ?? 0;
  const last = checks.get(userId);
  if (last && now - last.at < intervalSeconds * 1000 && last.version === issued) return token;
  // Due for a check, or this isolate's last check disagrees: it may predate the token (a sign-in
  // after a bump), so only the store can say the session is revoked.
  return (await readVersion(userId, versions, now)) === issued ? token : null;
}
