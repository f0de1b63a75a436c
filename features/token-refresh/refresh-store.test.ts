import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { KvNamespace } from "@/platform/cloudflare/kv";
import { openOutcome, recordKeys, sealOutcome } from "./refresh-record";
import { KvRefreshStore, MemoryRefreshStore } from "./refresh-store";

let miniflare: Miniflare;
let kv: KvNamespace;
beforeAll(async () => {
  // A real KV namespace: Miniflare runs workerd's.
  miniflare = new Miniflare({ modules: true, script: "export default { fetch() { return new Response() } }", kvNamespaces: ["TOKEN_REFRESH_KV"] });
  kv = (await miniflare.getKVNamespace("TOKEN_REFRESH_KV")) as unknown as KvNamespace;
});
afterAll(() => miniflare.dispose());

describe("claiming the right to refresh one refresh token", () => {
  it("lets exactly one of fifty concurrent requests in one isolate claim it (memory)", async () => {
    const store = new MemoryRefreshStore();
    const claims = await Promise.all(Array.from({ length: 50 }, () => store.claim("rt-a", 30)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("lets exactly one of fifty concurrent requests in one isolate claim it (KV in front of memory)", async () => {
    const store = new KvRefreshStore(kv, new MemoryRefreshStore());
    const claims = await Promise.all(Array.from({ length: 50 }, () => store.claim("rt-b", 30)));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("refuses another isolate's claim once the first one's KV write landed, and shows it the outcome", async () => {
    const first = new KvRefreshStore(kv, new MemoryRefreshStore());
    const second = new KvRefreshStore(kv, new MemoryRefreshStore());
    expect(await first.claim("rt-c", 30)).toBe(true);
    expect(await second.claim("rt-c", 30)).toBe(false);
    await first.record("rt-c", "sealed", 60);
    expect(await second.outcome("rt-c")).toBe("sealed");
  });

  it("lets a request claim again after a transient failure gave the claim back", async () => {
    const store = new KvRefreshStore(kv, new MemoryRefreshStore());
    expect(await store.claim("rt-d", 30)).toBe(true);
    await store.release("rt-d");
    expect(await store.claim("rt-d", 30)).toBe(true);
  });

  it("falls back to this isolate's memory when KV fails, instead of failing the session read", async () => {
    const failing: KvNamespace = {
      get: () => Promise.reject(new Error("KV down")),
      put: () => Promise.reject(new Error("KV down")),
      delete: () => Promise.reject(new Error("KV down")),
    };
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const store = new KvRefreshStore(failing, new MemoryRefreshStore());
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claim("rt-f", 30)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await store.record("rt-f", "sealed", 60);
    expect(await store.outcome("rt-f")).toBe("sealed");
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it("forgets a claim and an outcome after their time (memory)", async () => {
    let now = 0;
    const store = new MemoryRefreshStore(() => now);
    expect(await store.claim("rt-e", 30)).toBe(true);
    await store.record("rt-e", "sealed", 60);
    now = 30_000;
    expect(await store.claim("rt-e", 30)).toBe(true);
    now = 60_000;
    expect(await store.outcome("rt-e")).toBeNull();
  });
});

describe("a rotation's sealed record", () => {
  const tokens = { provider: "oidc", accessToken: "at-2", expiresAt: 2000, refreshToken: "rt-2", refreshAt: 1990, refreshedAt: 1996 };

  it("opens with the refresh token it replaced and the session secret, and with nothing else", async () => {
    const keys = await recordKeys("rt-1", "secret-one");
    const sealed = await sealOutcome({ tokens }, keys);
    expect(sealed).not.toContain("at-2");
    expect(await openOutcome(sealed, keys)).toEqual({ tokens });
    expect(await openOutcome(sealed, await recordKeys("rt-other", "secret-one"))).toBeUndefined();
    expect(await openOutcome(sealed, await recordKeys("rt-1", "secret-two"))).toBeUndefined();
  });

  it("gives different ids for different refresh tokens, and the same id for the same one", async () => {
    const a = await recordKeys("rt-1", "s");
    expect((await recordKeys("rt-1", "s")).id).toBe(a.id);
    expect((await recordKeys("rt-2", "s")).id).not.toBe(a.id);
    expect(a.id).not.toContain("rt-1");
  });

  it.each(["", "x", "a.b", "..."])("counts a malformed record %j as none", async (sealed) => {
    expect(await openOutcome(sealed, await recordKeys("rt-1", "s"))).toBeUndefined();
  });
});
