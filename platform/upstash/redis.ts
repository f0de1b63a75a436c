import { Redis } from "@upstash/redis";

/**
 * Redis over HTTP (Upstash): the store every instance reads, on Vercel and anywhere else `fetch`
 * works (edge middleware, Node routes, Cloudflare). Configured by the variables the Vercel
 * Marketplace's Upstash integration injects (`KV_REST_API_URL`, `KV_REST_API_TOKEN`) or by
 * Upstash's own names (`UPSTASH_REDIS_REST_URL`, `UPSTASH_REDIS_REST_TOKEN`). Unset: no Redis.
 *
 * A request that waits on Redis waits at most REDIS_TIMEOUT_MS, once: no retries, so a Redis that
 * is down or slow costs a request a bounded delay and the feature decides what that means
 * (SECURITY.md, per feature).
 * @see https://upstash.com/docs/redis/sdks/ts/overview
 */
export const REDIS_TIMEOUT_MS = 1_000;

let cached: { url: string; token: string; redis: Redis } | undefined;

export function redisFromEnv(): Redis | undefined {
  const url = process.env.KV_REST_API_URL?.trim() || process.env.UPSTASH_REDIS_REST_URL?.trim();
  const token = process.env.KV_REST_API_TOKEN?.trim() || process.env.UPSTASH_REDIS_REST_TOKEN?.trim();
  if (!url && !token) return undefined;
  // Half a configuration is a mistake, not "no Redis": say which variable is missing.
  if (!url || !token) throw new Error(`${url ? "KV_REST_API_TOKEN" : "KV_REST_API_URL"} must be set too (or UPSTASH_REDIS_REST_URL and _TOKEN).`);
  if (cached?.url !== url || cached.token !== token) {
    cached = {
      url,
      token,
      redis: new Redis({
        url,
        token,
        retry: false,
        // Values stay the strings they were written as; the stores parse what they need.
        automaticDeserialization: false,
        signal: () => AbortSignal.timeout(REDIS_TIMEOUT_MS),
      }),
    };
  }
  return cached.redis;
}
