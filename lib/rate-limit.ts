/**
 * Fixed-window attempt counters for credentials sign-in, per account and per client IP, over
 * a pluggable store: an in-memory map (one per isolate, no setup) or a Cloudflare KV
 * namespace bound as RATE_LIMIT_KV, so limits hold across isolates. KV is eventually
 * consistent (about a minute between locations): a determined attacker spread across
 * locations gets a few more tries than the limit, never an unbounded number.
 * @see https://developers.cloudflare.com/kv/concepts/how-kv-works/
 */
import { readCloudflareBinding } from "./bindings";

export interface Window {
  count: number;
  /** Epoch milliseconds when this window ends and the count starts again. */
  resetAt: number;
}

export interface RateLimitStore {
  increment(key: string, windowMs: number, now: number): Promise<Window>;
  clear(key: string): Promise<void>;
}

/** Bounded so that a flood of distinct keys cannot grow an isolate's memory without end. */
const MAX_MEMORY_KEYS = 10_000;

export class MemoryStore implements RateLimitStore {
  private windows = new Map<string, Window>();

  async increment(key: string, windowMs: number, now: number): Promise<Window> {
    const current = this.windows.get(key);
    const window = current && current.resetAt > now ? { ...current, count: current.count + 1 } : { count: 1, resetAt: now + windowMs };
    if (!current && this.windows.size >= MAX_MEMORY_KEYS) this.prune(now);
    this.windows.set(key, window);
    return window;
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    // Still full of live windows: drop the oldest rather than refuse to count.
    const oldest = this.windows.keys().next();
    if (this.windows.size >= MAX_MEMORY_KEYS && !oldest.done) this.windows.delete(oldest.value);
  }
}

/** The part of a Cloudflare KV namespace binding this store uses. */
export interface KvNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

// KV refuses an expirationTtl under 60 seconds.
const KV_MIN_TTL_SECONDS = 60;

export class KvStore implements RateLimitStore {
  constructor(private readonly kv: KvNamespace) {}

  async increment(key: string, windowMs: number, now: number): Promise<Window> {
    const current = parseWindow(await this.kv.get(key));
    const window = current && current.resetAt > now ? { ...current, count: current.count + 1 } : { count: 1, resetAt: now + windowMs };
    const ttl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil((window.resetAt - now) / 1000));
    await this.kv.put(key, JSON.stringify(window), { expirationTtl: ttl });
    return window;
  }

  async clear(key: string): Promise<void> {
    await this.kv.delete(key);
  }
}

function parseWindow(raw: string | null): Window | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return undefined;
    const { count, resetAt } = value as Record<string, unknown>;
    return typeof count === "number" && typeof resetAt === "number" ? { count, resetAt } : undefined;
  } catch {
    return undefined;
  }
}

export function isKvNamespace(value: unknown): value is KvNamespace {
  if (typeof value !== "object" || value === null) return false;
  const { get, put } = value as Record<string, unknown>;
  return typeof get === "function" && typeof put === "function" && typeof (value as Record<string, unknown>).delete === "function";
}

export interface Limit {
  /** Attempts allowed in one window. */
  max: number;
  windowMs: number;
}

export const SIGN_IN_LIMITS = {
  // A person mistyping gets several tries; a password guesser gets few per account...
  account: { max: 10, windowMs: 15 * 60_000 },
  // ...and an address gets enough for a shared office or NAT, not for a credential-stuffing run.
  ip: { max: 50, windowMs: 15 * 60_000 },
} satisfies Record<string, Limit>;

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SignInAttempt {
  email?: string;
  ip?: string;
}

function keysFor({ email, ip }: SignInAttempt): [string, Limit][] {
  const keys: [string, Limit][] = [];
  if (email) keys.push([`signin:account:${email.trim().toLowerCase()}`, SIGN_IN_LIMITS.account]);
  if (ip) keys.push([`signin:ip:${ip}`, SIGN_IN_LIMITS.ip]);
  return keys;
}

/** Counts this attempt against its account and its IP; refused when either is over its limit. */
export async function checkSignInAttempt(store: RateLimitStore, attempt: SignInAttempt, now = Date.now()): Promise<LimitDecision> {
  let retryAt = 0;
  for (const [key, limit] of keysFor(attempt)) {
    const window = await store.increment(key, limit.windowMs, now);
    if (window.count > limit.max) retryAt = Math.max(retryAt, window.resetAt);
  }
  return retryAt > 0 ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now) / 1000)) } : { allowed: true };
}

/** A successful sign-in clears the account's count (not the IP's: one good password must not reset a guessing run). */
export async function recordSignInSuccess(store: RateLimitStore, email: string): Promise<void> {
  await store.clear(`signin:account:${email.trim().toLowerCase()}`);
}

const memoryStore = new MemoryStore();

/**
 * The store for this request: the RATE_LIMIT_KV binding when one is configured
 * (lib/bindings.ts), else this isolate's memory.
 */
export function getRateLimitStore(): RateLimitStore {
  const binding = readCloudflareBinding("RATE_LIMIT_KV");
  return isKvNamespace(binding) ? new KvStore(binding) : memoryStore;
}
