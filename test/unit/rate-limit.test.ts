import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkSignInAttempt, KvStore, MemoryStore, recordSignInSuccess, SIGN_IN_LIMITS, type RateLimitStore } from "@/lib/rate-limit";

const T0 = 1_700_000_000_000;
const { account, ip } = SIGN_IN_LIMITS;

async function attempts(store: RateLimitStore, n: number, attempt: { email?: string; ip?: string }, now = T0) {
  const decisions = [];
  for (let i = 0; i < n; i++) decisions.push(await checkSignInAttempt(store, { email: attempt.email, ip: attempt.ip }, now));
  return decisions;
}

// The same behaviour from the per-isolate map and from a real KV namespace (Miniflare runs workerd's KV).
let miniflare: Miniflare;
const stores: [string, () => Promise<RateLimitStore>][] = [
  ["memory", async () => new MemoryStore()],
  [
    "Cloudflare KV",
    async () => {
      const kv = await miniflare.getKVNamespace("RATE_LIMIT_KV");
      // A fresh key space per test: KV has no "clear all".
      const prefix = crypto.randomUUID();
      return new KvStore({
        get: (key) => kv.get(`${prefix}:${key}`),
        put: (key, value, options) => kv.put(`${prefix}:${key}`, value, options),
        delete: (key) => kv.delete(`${prefix}:${key}`),
      });
    },
  ],
];

beforeAll(() => {
  miniflare = new Miniflare({ modules: true, script: "export default { fetch() { return new Response() } }", kvNamespaces: ["RATE_LIMIT_KV"] });
});
afterAll(() => miniflare.dispose());

describe.each(stores)("sign-in rate limit (%s store)", (_name, makeStore) => {
  it(`allows ${account.max} attempts per account, then refuses with a Retry-After until the window ends`, async () => {
    const store = await makeStore();
    const decisions = await attempts(store, account.max + 1, { email: "demo@example.com" });
    expect(decisions.slice(0, account.max).every((d) => d.allowed)).toBe(true);
    expect(decisions[account.max]).toEqual({ allowed: false, retryAfterSeconds: account.windowMs / 1000 });
  });

  it("counts the account case-insensitively and apart from other accounts", async () => {
    const store = await makeStore();
    await attempts(store, account.max, { email: "demo@example.com" });
    expect(await checkSignInAttempt(store, { email: " DEMO@example.com" }, T0)).toMatchObject({ allowed: false });
    expect(await checkSignInAttempt(store, { email: "admin@example.com" }, T0)).toEqual({ allowed: true });
  });

  it(`refuses an IP after ${ip.max} attempts spread over many accounts`, async () => {
    const store = await makeStore();
    for (let i = 0; i < ip.max; i++) {
      expect(await checkSignInAttempt(store, { email: `user${i}@example.com`, ip: "203.0.113.7" }, T0)).toEqual({ allowed: true });
    }
    expect(await checkSignInAttempt(store, { email: "fresh@example.com", ip: "203.0.113.7" }, T0)).toMatchObject({ allowed: false });
    expect(await checkSignInAttempt(store, { email: "fresh@example.com", ip: "203.0.113.8" }, T0)).toEqual({ allowed: true });
    // A hundred KV round trips through Miniflare on a shared machine.
  }, 30_000);

  it("allows again once the window has passed, and Retry-After shrinks as it nears", async () => {
    const store = await makeStore();
    await attempts(store, account.max, { email: "demo@example.com" });
    expect(await checkSignInAttempt(store, { email: "demo@example.com" }, T0 + account.windowMs - 30_000)).toEqual({
      allowed: false,
      retryAfterSeconds: 30,
    });
    expect(await checkSignInAttempt(store, { email: "demo@example.com" }, T0 + account.windowMs)).toEqual({ allowed: true });
  });

  it("clears the account count after a successful sign-in", async () => {
    const store = await makeStore();
    await attempts(store, account.max, { email: "demo@example.com" });
    await recordSignInSuccess(store, "Demo@example.com");
    expect(await checkSignInAttempt(store, { email: "demo@example.com" }, T0)).toEqual({ allowed: true });
  });
});
