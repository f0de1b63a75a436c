import { readCloudflareBinding } from "./bindings";
import { isKvNamespace, type KvNamespace } from "./rate-limit";

/**
 * Revocation for JWT sessions (opt-in with AUTH_SESSION_CHECK_SECONDS): each user has a session
 * version in an edge store; a token carries the version it was issued under, and the `jwt`
 * callback compares the two at most once per interval. Bumping the version ("sign out
 * everywhere", disabling a user) ends every older session within one interval, while the
 * requests in between cost no store read. The check time rides in the token, which Auth.js
 * re-seals on every read anyway.
 */
export interface SessionVersionStore {
  get(userId: string): Promise<number>;
  /** Ends every session issued before now for this user. */
  bump(userId: string): Promise<number>;
}

export class MemoryVersionStore implements SessionVersionStore {
  private versions = new Map<string, number>();

  async get(userId: string): Promise<number> {
    return this.versions.get(userId) ?? 0;
  }

  async bump(userId: string): Promise<number> {
    const next = (await this.get(userId)) + 1;
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
    const next = (await this.get(userId)) + 1;
    await this.kv.put(`session-version:${userId}`, String(next));
    return next;
  }
}

const memoryStore = new MemoryVersionStore();

/** The SESSION_VERSION_KV binding when configured (lib/bindings.ts), else undefined. */
export function getSharedVersionStore(): SessionVersionStore | undefined {
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
  /** Epoch seconds of the last comparison with the store. */
  versionCheckedAt?: number;
}

/**
 * The `jwt` callback's revocation step. Returns the token (stamped) or null, which makes
 * Auth.js clear the session cookie. A store that throws signs the visitor out: fail closed.
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
  const nowSeconds = Math.floor(now / 1000);
  if (signingIn) return { ...token, sessionVersion: await versions.get(userId), versionCheckedAt: nowSeconds };
  if (token.versionCheckedAt !== undefined && nowSeconds - token.versionCheckedAt < intervalSeconds) return token;
  if ((token.sessionVersion ?? 0) !== (await versions.get(userId))) return null;
  return { ...token, versionCheckedAt: nowSeconds };
}
