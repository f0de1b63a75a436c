import { describe, expect, it } from "vitest";

import { assertCanSignIn, parseAuthEnv } from "@/lib/env";

const secret = "x".repeat(44);

describe("environment checks", () => {
  it("needs nothing in development: demo users on, no secret required", () => {
    const env = parseAuthEnv({ NODE_ENV: "development" });
    expect(env.demoUsers).toBe(true);
    expect(env.secrets).toEqual([]);
  });

  it("names AUTH_SECRET and how to make one when a server would start without it", () => {
    expect(() => parseAuthEnv({ NODE_ENV: "production" }, { requireSecret: true })).toThrow(
      /AUTH_SECRET is not set.*npm run secret.*openssl rand -base64 32/,
    );
  });

  it("treats an empty or blank AUTH_SECRET as unset", () => {
    expect(() => parseAuthEnv({ NODE_ENV: "production", AUTH_SECRET: "  " }, { requireSecret: true })).toThrow(
      /AUTH_SECRET is not set/,
    );
  });

  it("refuses a short secret in production, naming the variable", () => {
    expect(() => parseAuthEnv({ NODE_ENV: "production", AUTH_SECRET_1: "short" })).toThrow(/AUTH_SECRET_1 is shorter/);
  });

  it("lists secrets newest first for rotation", () => {
    const env = parseAuthEnv({ AUTH_SECRET: "new", AUTH_SECRET_1: "old" });
    expect(env.secrets).toEqual(["new", "old"]);
  });

  it("keeps demo users off in production unless AUTH_DEMO_USERS=true", () => {
    expect(parseAuthEnv({ NODE_ENV: "production", AUTH_SECRET: secret }).demoUsers).toBe(false);
    expect(parseAuthEnv({ NODE_ENV: "production", AUTH_SECRET: secret, AUTH_DEMO_USERS: "true" }).demoUsers).toBe(true);
    expect(parseAuthEnv({ NODE_ENV: "development", AUTH_DEMO_USERS: "false" }).demoUsers).toBe(false);
  });

  it("rejects a value of AUTH_DEMO_USERS it does not understand", () => {
    expect(() => parseAuthEnv({ AUTH_DEMO_USERS: "yes" })).toThrow(/AUTH_DEMO_USERS must be "true" or "false"/);
  });

  it("switches a provider on only when all of its variables are set", () => {
    const env = parseAuthEnv({ AUTH_GITHUB_ID: "id", AUTH_GITHUB_SECRET: "s" });
    expect(env.github).toEqual({ clientId: "id", clientSecret: "s" });
    expect(env.google).toBeUndefined();
  });

  it.each([
    [{ AUTH_GITHUB_ID: "id" }, /AUTH_GITHUB_SECRET must be set too, because AUTH_GITHUB_ID is set/],
    [{ AUTH_GOOGLE_SECRET: "s" }, /AUTH_GOOGLE_ID must be set too/],
    [{ AUTH_OIDC_ISSUER: "https://id.example" }, /AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set too/],
    [{ KV_REST_API_URL: "https://redis.example" }, /KV_REST_API_TOKEN must be set too/],
    [{ UPSTASH_REDIS_REST_TOKEN: "t" }, /UPSTASH_REDIS_REST_URL must be set too/],
    [{ AUTH_OIDC_ISSUER: "not a url", AUTH_OIDC_ID: "i", AUTH_OIDC_SECRET: "s" }, /AUTH_OIDC_ISSUER must be/],
    [{ AUTH_OIDC_ISSUER: "ftp://id.example", AUTH_OIDC_ID: "i", AUTH_OIDC_SECRET: "s" }, /AUTH_OIDC_ISSUER must be/],
    [{ AUTH_URL: "localhost:3000" }, /AUTH_URL must be an absolute URL/],
  ])("names the variable to fix for %j", (raw, message) => {
    expect(() => parseAuthEnv(raw)).toThrow(message);
  });

  it("configures the generic OIDC provider with a default display name", () => {
    const env = parseAuthEnv({ AUTH_OIDC_ISSUER: "http://127.0.0.1:4000", AUTH_OIDC_ID: "i", AUTH_OIDC_SECRET: "s" });
    expect(env.oidc).toEqual({ issuer: "http://127.0.0.1:4000", clientId: "i", clientSecret: "s", name: "OpenID Connect" });
  });

  it("refuses to start a production server that nobody could sign in to", () => {
    const env = parseAuthEnv({ NODE_ENV: "production", AUTH_SECRET: secret });
    expect(() => assertCanSignIn(env)).toThrow(/No sign-in method is configured.*AUTH_DEMO_USERS=true/);
    expect(() => assertCanSignIn({ ...env, demoUsers: true })).not.toThrow();
  });

});
