import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { KvListNamespace } from "@/platform/cloudflare/kv";

import { KvStore, MemoryStore, type RateLimitStore } from "./rate-limit";
import { checkSignInAttempt, recordSignInSuccess, SIGN_IN_LIMITS, type SignInAttempt } from "./sign-in-limit";

const T0 = 1_700_000_000_000;
const { account, accountFromIp, ip } = SIGN_IN_LIMITS;

async function attempts(store: RateLimitStore, n: number, attempt: SignInAttempt, now = T0) {
  const decisions = [];
  for (let i = 0; i < n; i++) decisions.push(await checkSignInAttempt(store, attempt, now));
  return decisions;
}

// The same behaviour from the per-isolate map and from a real KV namespace (Miniflare runs workerd's KV).
let miniflare: Miniflare;
let kvKeys: () => Promise<string[]>;

async function kvStore(): Promise<KvStore> {
  const kv = await miniflare.getKVNamespace("RATE_LIMIT_KV");
  kvKeys = async () => (await kv.list()).keys.map(({ name }) => name);
  // A fresh key space per test: KV has no "clear all".
  const prefix = `${crypto.randomUUID()}:`;
  const scoped: KvListNamespace = {
    get: (key) => kv.get(prefix + key),
    put: (key, value, options) => kv.put(prefix + key, value, options),
    delete: (key) => kv.delete(prefix + key),
    list: async ({ prefix: inner, limit, cursor }) => {
      const listed = await kv.list({ prefix: prefix + inner, limit, cursor });
      return { ...listed, keys: listed.keys.map(({ name }) => ({ name: name.slice(prefix.length) })) };
    },
  };
  return new KvStore(scoped);
}

const stores: [string, () => Promise<RateLimitStore>][] = [
  ["memory", async () => new MemoryStore()],
  ["Cloudflare KV", kvStore],
];

beforeAll(async () => {
  miniflare = new Miniflare({ modules: true, script: "export default { fetch() { return new Response() } }", kvNamespaces: ["RATE_LIMIT_KV"] });
  // workerd boots here, not inside the first KV test: a loaded 2-core machine takes seconds.
  await miniflare.ready;
});
afterAll(() => miniflare.dispose());

describe.each(stores)("sign-in rate limit (%s store)", (_name, makeStore) => {
  it(`allows ${account.max} attempts on an account with no known IP, then refuses with a Retry-After until the window ends`, async () => {
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

  it(`with a known IP, locks the account for that IP only: the owner elsewhere still gets in`, async () => {
    const store = await makeStore();
    await attempts(store, accountFromIp.max, { email: "demo@example.com", ip: "203.0.113.7" });
    expect(await checkSignInAttempt(store, { email: "demo@example.com", ip: "203.0.113.7" }, T0)).toMatchObject({ allowed: false });
    expect(await checkSignInAttempt(store, { email: "demo@example.com", ip: "198.51.100.1" }, T0)).toEqual({ allowed: true });
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

  it("keeps refusing inside the window, allows again once it has passed, and Retry-After shrinks as it nears", async () => {
    const store = await makeStore();
    await attempts(store, account.max, { email: "demo@example.com" });
    expect(await checkSignInAttempt(store, { email: "demo@example.com" }, T0 + 60_000)).toEqual({
      allowed: false,
      retryAfterSeconds: account.windowMs / 1000 - 60,
    });
    expect(await checkSignInAttempt(store, { email: "demo@example.com" }, T0 + account.windowMs - 30_000)).toEqual({
      allowed: false,
      retryAfterSeconds: 30,
    });
    expect(await checkSignInAttempt(store, { email: "demo@example.com" }, T0 + account.windowMs)).toEqual({ allowed: true });
  });

  it("clears the account's count after a successful sign-in, and only that account's", async () => {
    const store = await makeStore();
    await attempts(store, account.max, { email: "demo@example.com" });
    await attempts(store, account.max, { email: "admin@example.com" });
    await recordSignInSuccess(store, { email: "Demo@example.com" });
    expect(await checkSignInAttempt(store, { email: "demo@example.com" }, T0)).toEqual({ allowed: true });
    expect(await checkSignInAttempt(store, { email: "admin@example.com" }, T0)).toMatchObject({ allowed: false });
  });

  it("does not clear the IP's count on a success (one good password must not reset a guessing run)", async () => {
    const store = await makeStore();
    for (let i = 0; i < ip.max; i++) await checkSignInAttempt(store, { email: `user${i}@example.com`, ip: "203.0.113.9" }, T0);
    await recordSignInSuccess(store, { email: "user0@example.com", ip: "203.0.113.9" });
    expect(await checkSignInAttempt(store, { email: "user0@example.com", ip: "203.0.113.9" }, T0)).toMatchObject({ allowed: false });
  }, 30_000);

  it("loses no attempt when many arrive at once: at most the limit are allowed", async () => {
    const store = await makeStore();
    const racing = await Promise.all(Array.from({ length: 3 * account.max }, () => checkSignInAttempt(store, { email: "race@example.com" }, T0)));
    expect(racing.filter((d) => d.allowed).length).toBeLessThanOrEqual(account.max);
    expect(await checkSignInAttempt(store, { email: "race@example.com" }, T0)).toMatchObject({ allowed: false });
  }, 30_000);
});

describe("sign-in rate limit keys in KV", () => {
  it("stays under KV's 512-byte key limit and holds no e-mail or IP in the clear, however long the e-mail", async () => {
    const store = await kvStore();
    const email = `${"a".repeat(600)}@example.com`;
    expect(await checkSignInAttempt(store, { email, ip: "203.0.113.5" }, T0)).toEqual({ allowed: true });
    const keys = await kvKeys();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(new TextEncoder().encode(key).length).toBeLessThanOrEqual(512);
      expect(key).not.toContain("example.com");
      expect(key).not.toContain("203.0.113.5");
    }
  });
});

describe("memory store when full", () => {
  const limit = { max: 3, windowMs: 60_000 };

  it("never grows past its bound", async () => {
    const store = new MemoryStore(100);
    for (let i = 0; i < 1000; i++) await store.hit(`flood-${i}`, limit, T0);
    expect(store.size).toBe(100);
  });

  it("evicts expired counters, then the emptiest, never a counter an attacker has been feeding", async () => {
    const store = new MemoryStore(100);
    // The target's counter goes in first: the oldest entry, the one an oldest-first eviction drops.
    for (let i = 0; i < limit.max; i++) await store.hit("target", limit, T0);
    for (let i = 0; i < 1000; i++) await store.hit(`flood-${i}`, limit, T0 + 1);
    expect(await store.hit("target", limit, T0 + 2)).toMatchObject({ count: limit.max + 1 });
  });
});
