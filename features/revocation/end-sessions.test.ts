import { afterEach, describe, expect, it, vi } from "vitest";

import { EnvError } from "../../lib/env";

import { parseSessionCheckSeconds } from "./env";
import { revocation } from "./index";

/**
 * What "sign out everywhere" promises with JWT sessions under each configuration (with KV bound
 * on workerd: test/http/end-sessions.test.ts; with Redis: redis-store.stores.test.ts here).
 */
describe("ending a user's JWT sessions", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("says JWT sessions cannot be ended early while the session check is off (the default)", async () => {
    vi.stubEnv("AUTH_SESSION_CHECK_SECONDS", undefined);
    const { sessions, config, checkToken } = revocation();
    const ending = sessions?.ending();
    expect(ending).toEqual({ supported: false, reason: expect.stringContaining("AUTH_SESSION_CHECK_SECONDS") });
    expect(await sessions?.end("user-demo")).toEqual(ending);
    // Off: no session read is wrapped.
    expect(config).toBeUndefined();
    expect(checkToken).toBeUndefined();
  });

  it("asks for a shared store when the check is on but only this isolate's memory exists", async () => {
    vi.stubEnv("AUTH_SESSION_CHECK_SECONDS", "60");
    const { sessions } = revocation();
    expect(sessions?.ending()).toEqual({ supported: false, reason: expect.stringMatching(/KV_REST_API_URL.*SESSION_VERSION_KV/) });
  });
});

describe("AUTH_SESSION_CHECK_SECONDS", () => {
  it("is a whole number of seconds, 0 included, and empty means unset", () => {
    expect(parseSessionCheckSeconds({ AUTH_SESSION_CHECK_SECONDS: "300" })).toBe(300);
    expect(parseSessionCheckSeconds({ AUTH_SESSION_CHECK_SECONDS: "0" })).toBe(0);
    expect(parseSessionCheckSeconds({ AUTH_SESSION_CHECK_SECONDS: " " })).toBeUndefined();
    expect(parseSessionCheckSeconds({})).toBeUndefined();
  });

  it("refuses anything else, naming the variable", () => {
    for (const value of ["-1", "1.5", "60s", "ten"]) {
      expect(() => parseSessionCheckSeconds({ AUTH_SESSION_CHECK_SECONDS: value })).toThrow(EnvError);
      expect(() => parseSessionCheckSeconds({ AUTH_SESSION_CHECK_SECONDS: value })).toThrow(/AUTH_SESSION_CHECK_SECONDS/);
    }
  });
});
