import { describe, expect, it } from "vitest";

import { isDue, parseProviderTokens, refreshAtFor, tokensFromAccount, tokensFromGrant } from "./provider-tokens";

describe("when an access token is refreshed", () => {
  it.each([
    // [lifetime, seconds before expiry]: a quarter of the lifetime, at most a minute.
    [4, 1],
    [10, 2],
    [3600, 60],
    [0, 0],
  ])("a token living %i s is refreshed %i s before it expires", (lifetime, margin) => {
    expect(refreshAtFor(1000, 1000 + lifetime)).toBe(1000 + lifetime - margin);
  });

  it("is due from its refresh point on, not before", () => {
    const tokens = { provider: "oidc", accessToken: "a", expiresAt: 110, refreshAt: 100 };
    expect(isDue(tokens, 99)).toBe(false);
    expect(isDue(tokens, 100)).toBe(true);
  });
});

describe("the provider tokens a sign-in keeps", () => {
  it("keeps an OAuth/OIDC account's access token, expiry and refresh token", () => {
    const account = { provider: "oidc", type: "oidc", access_token: "at", expires_at: 1100, refresh_token: "rt" };
    expect(tokensFromAccount(account, 1000)).toEqual({ provider: "oidc", accessToken: "at", expiresAt: 1100, refreshToken: "rt", refreshAt: 1075 });
  });

  it("keeps nothing for Credentials or for a token without an expiry", () => {
    expect(tokensFromAccount({ provider: "credentials", type: "credentials" }, 1000)).toBeUndefined();
    expect(tokensFromAccount({ provider: "github", type: "oauth", access_token: "at" }, 1000)).toBeUndefined();
  });
});

describe("the provider tokens after a refresh", () => {
  const previous = { provider: "google", accessToken: "old", expiresAt: 1000, refreshToken: "rt-1", refreshAt: 990 };

  it("takes the rotated refresh token and the new lifetime", () => {
    expect(tokensFromGrant(previous, { access_token: "new", expires_in: 40, refresh_token: "rt-2" }, 2000)).toEqual({
      provider: "google",
      accessToken: "new",
      expiresAt: 2040,
      refreshToken: "rt-2",
      refreshAt: 2030,
      refreshedAt: 2000,
    });
  });

  it("keeps the refresh token when the provider does not rotate it (Google)", () => {
    expect(tokensFromGrant(previous, { access_token: "new", expires_in: 3600 }, 2000).refreshToken).toBe("rt-1");
  });
});

describe("reading the claim back from a decrypted token", () => {
  it.each([null, "x", {}, { provider: "oidc", accessToken: 1, expiresAt: 1, refreshAt: 1 }, { provider: "oidc", accessToken: "a", expiresAt: "1", refreshAt: 1 }])(
    "refuses %j",
    (value) => {
      expect(parseProviderTokens(value)).toBeUndefined();
    },
  );
});
