/**
 * The part of a Cloudflare KV namespace binding the template's stores use (sign-in limit,
 * revocation, token refresh), and the rules KV imposes on all of them.
 * @see https://developers.cloudflare.com/kv/api/
 */
export interface KvNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Listing by prefix, which counting needs (session versions do not). */
export interface KvListNamespace extends KvNamespace {
  list(options: { prefix: string; limit?: number; cursor?: string | null }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
}

/** KV refuses an expirationTtl under 60 seconds: a shorter wish is rounded up to it. */
export function kvTtl(seconds: number): number {
  return Math.max(60, Math.ceil(seconds));
}

export function isKvNamespace(value: unknown): value is KvNamespace {
  if (typeof value !== "object" || value === null) return false;
  const { get, put } = value as Record<string, unknown>;
  return typeof get === "function" && typeof put === "function" && typeof (value as Record<string, unknown>).delete === "function";
}

export function isKvListNamespace(value: unknown): value is KvListNamespace {
  return isKvNamespace(value) && typeof (value as unknown as Record<string, unknown>).list === "function";
}
