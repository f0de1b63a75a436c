import { beforeEach, describe, expect, it } from "vitest";

import { applySessionVersion, forgetVersionChecks, KvVersionStore, MemoryVersionStore, type SessionVersionStore } from "./session-version";

const T0 = 1_700_000_000_000;

/** Counts store reads, to show which session reads cost one. */
class CountingStore implements SessionVersionStore {
  reads = 0;
  constructor(private readonly inner: SessionVersionStore = new MemoryVersionStore()) {}
  get(userId: string) {
    this.reads += 1;
    return this.inner.get(userId);
  }
  bump(userId: string) {
    return this.inner.bump(userId);
  }
}

beforeEach(() => forgetVersionChecks());

describe("session version (revocation)", () => {
  it("leaves tokens alone when revocation is off", async () => {
    const store = new MemoryVersionStore();
    await store.bump("u1");
    const token = { id: "u1", sessionVersion: 0 };
    expect(await applySessionVersion(token, { signingIn: false, intervalSeconds: undefined, store, now: T0 })).toBe(token);
  });

  it("stamps the user's current version at sign-in", async () => {
    const store = new MemoryVersionStore();
    const version = await store.bump("u1");
    const token = await applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 });
    expect(token).toEqual({ id: "u1", sessionVersion: version });
  });

  it("ends a session within one interval of a bump, and not before the interval is up", async () => {
    const store = new MemoryVersionStore();
    const signedIn = await applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 });
    if (!signedIn) throw new Error("sign-in token missing");
    await store.bump("u1");
    expect(await applySessionVersion(signedIn, { signingIn: false, intervalSeconds: 60, store, now: T0 + 59_000 })).toBe(signedIn);
    expect(await applySessionVersion(signedIn, { signingIn: false, intervalSeconds: 60, store, now: T0 + 60_000 })).toBeNull();
  });

  it("hands back the very same token after a check that finds it current, so the cookie is not re-minted", async () => {
    const store = new CountingStore();
    const signedIn = await applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 });
    if (!signedIn) throw new Error("sign-in token missing");
    const snapshot = structuredClone(signedIn);
    for (const later of [61_000, 125_000, 190_000]) {
      expect(await applySessionVersion(signedIn, { signingIn: false, intervalSeconds: 60, store, now: T0 + later })).toBe(signedIn);
    }
    expect(signedIn).toEqual(snapshot);
    expect(store.reads).toBe(4);
  });

  it("reads the store once per interval per user in this isolate, however many sessions read", async () => {
    const store = new CountingStore();
    const tokens = await Promise.all(
      ["laptop", "phone", "tablet"].map(() => applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 })),
    );
    store.reads = 0;
    for (const token of tokens) if (token) await applySessionVersion(token, { signingIn: false, intervalSeconds: 60, store, now: T0 + 1_000 });
    expect(store.reads).toBe(0);
    for (const token of tokens) if (token) await applySessionVersion(token, { signingIn: false, intervalSeconds: 60, store, now: T0 + 61_000 });
    expect(store.reads).toBe(1);
  });

  it("keeps a session issued after a bump signed in where this isolate's last check is older", async () => {
    const store = new CountingStore();
    const before = await applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 });
    if (!before) throw new Error("sign-in token missing");
    // Sign out everywhere, then sign in again (in another isolate: this one's check stays).
    await store.bump("u1");
    const after = { id: "u1", sessionVersion: await store.get("u1") };
    expect(await applySessionVersion(after, { signingIn: false, intervalSeconds: 60, store, now: T0 + 1_000 })).toBe(after);
    expect(await applySessionVersion(before, { signingIn: false, intervalSeconds: 60, store, now: T0 + 2_000 })).toBeNull();
  });

  it("checks every read with an interval of 0, and other users are unaffected by a bump", async () => {
    const store = new MemoryVersionStore();
    const a = await applySessionVersion({ id: "a" }, { signingIn: true, intervalSeconds: 0, store, now: T0 });
    const b = await applySessionVersion({ id: "b" }, { signingIn: true, intervalSeconds: 0, store, now: T0 });
    if (!a || !b) throw new Error("sign-in token missing");
    await store.bump("a");
    expect(await applySessionVersion(a, { signingIn: false, intervalSeconds: 0, store, now: T0 })).toBeNull();
    expect(await applySessionVersion(b, { signingIn: false, intervalSeconds: 0, store, now: T0 })).not.toBeNull();
  });

  it("signs the visitor out when the store fails (fail closed)", async () => {
    const broken: SessionVersionStore = { get: () => Promise.reject(new Error("store down")), bump: () => Promise.reject(new Error("store down")) };
    await expect(applySessionVersion({ id: "u1", sessionVersion: 0 }, { signingIn: false, intervalSeconds: 0, store: broken, now: T0 })).rejects.toThrow();
  });
});

describe("bumps that race", () => {
  /** A KV namespace whose reads all happen before any write lands, as two isolates racing see it. */
  function racingKv() {
    const data = new Map<string, string>();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return {
      kv: {
        get: async (key: string) => data.get(key) ?? null,
        put: async (key: string, value: string) => {
          await gate;
          data.set(key, value);
        },
        delete: async (key: string) => void data.delete(key),
      },
      release,
    };
  }

  it("ends a session issued between two concurrent bumps: no bump is lost", async () => {
    const { kv, release } = racingKv();
    const store = new KvVersionStore(kv);
    const first = store.bump("u1");
    const second = store.bump("u1");
    release();
    const [v1, v2] = await Promise.all([first, second]);
    // Read-then-increment would have written 1 twice; a session issued under the first
    // bump's version would then survive the second.
    expect(v1).not.toBe(v2);
    const current = await store.get("u1");
    expect(current === v1 || current === v2).toBe(true);
    const issuedBetween = current === v1 ? v2 : v1;
    expect(await applySessionVersion({ id: "u1", sessionVersion: issuedBetween }, { signingIn: false, intervalSeconds: 0, store, now: T0 })).toBeNull();
    expect(await applySessionVersion({ id: "u1", sessionVersion: 0 }, { signingIn: false, intervalSeconds: 0, store, now: T0 })).toBeNull();
  });
});
