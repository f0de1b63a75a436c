import { describe, expect, it } from "vitest";

import type { RefreshStore } from "./refresh-store";
import { refreshProviderTokens, type RefreshDeps } from "./token-refresh";

/** Store and provider that fail the test if touched: these cases must decide without either. */
const untouchable: RefreshDeps = {
  store: new Proxy({} as RefreshStore, {
    get() {
      throw new Error("the refresh store was used");
    },
  }),
  secret: "s",
  grant: () => {
    throw new Error("the provider was called");
  },
  now: () => 100_000,
};

describe("middleware's refresh step leaves the token alone", () => {
  const tokens = { provider: "oidc", accessToken: "at", expiresAt: 110, refreshToken: "rt", refreshAt: 105 };

  it("while the access token is not due", async () => {
    const token = { sub: "u", providerTokens: { ...tokens, refreshAt: 101 } };
    expect(await refreshProviderTokens(token, untouchable)).toBe(token);
  });

  it("without a refresh token (Google without offline access): the access token just expires, no error", async () => {
    const token = { sub: "u", providerTokens: { ...tokens, refreshToken: undefined, refreshAt: 90 } };
    expect(await refreshProviderTokens(token, untouchable)).toBe(token);
  });

  it("once a refresh was refused (the session already asks to sign in again)", async () => {
    const token = { sub: "u", error: "RefreshTokenError" as const, providerTokens: { ...tokens, refreshAt: 90 } };
    expect(await refreshProviderTokens(token, untouchable)).toBe(token);
  });

  it("for a session without provider tokens (Credentials)", async () => {
    const token = { sub: "u" };
    expect(await refreshProviderTokens(token, untouchable)).toBe(token);
  });
});
