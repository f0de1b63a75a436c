import { describe, expect, it } from "vitest";

import { applySessionVersion, MemoryVersionStore } from "@/lib/session-version";

const T0 = 1_700_000_000_000;

describe("session version (revocation)", () => {
  it("leaves tokens alone when revocation is off", async () => {
    const store = new MemoryVersionStore();
    await store.bump("u1");
    const token = { id: "u1", sessionVersion: 0, versionCheckedAt: 0 };
    expect(await applySessionVersion(token, { signingIn: false, intervalSeconds: undefined, store, now: T0 })).toBe(token);
  });

  it("stamps the user's current version at sign-in", async () => {
    const store = new MemoryVersionStore();
    await store.bump("u1");
    const token = await applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 });
    expect(token).toEqual({ id: "u1", sessionVersion: 1, versionCheckedAt: T0 / 1000 });
  });

  it("ends a session within one interval of a bump, and not before the interval is up", async () => {
    const store = new MemoryVersionStore();
    const signedIn = await applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 });
    if (!signedIn) throw new Error("sign-in token missing");
    await store.bump("u1");
    expect(await applySessionVersion(signedIn, { signingIn: false, intervalSeconds: 60, store, now: T0 + 59_000 })).toBe(signedIn);
    expect(await applySessionVersion(signedIn, { signingIn: false, intervalSeconds: 60, store, now: T0 + 60_000 })).toBeNull();
  });

  it("re-stamps the check time when the version still matches, so the next read skips the store", async () => {
    const store = new MemoryVersionStore();
    const signedIn = await applySessionVersion({ id: "u1" }, { signingIn: true, intervalSeconds: 60, store, now: T0 });
    if (!signedIn) throw new Error("sign-in token missing");
    const later = await applySessionVersion(signedIn, { signingIn: false, intervalSeconds: 60, store, now: T0 + 61_000 });
    expect(later).toEqual({ id: "u1", sessionVersion: 0, versionCheckedAt: T0 / 1000 + 61 });
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
});
