import { describe, expect, it } from "vitest";

import { assertCanSignIn, parseAuthEnv } from "@/lib/env";

describe("AUTH_SESSION_STRATEGY", () => {
  it("defaults to JWT sessions", () => {
    expect(parseAuthEnv({}).sessionStrategy).toBe("jwt");
  });

  it("selects database sessions with 'database'", () => {
    expect(parseAuthEnv({ AUTH_SESSION_STRATEGY: "database" }).sessionStrategy).toBe("database");
  });

  it("names the variable and the allowed values for anything else", () => {
    expect(() => parseAuthEnv({ AUTH_SESSION_STRATEGY: "db" })).toThrow(/AUTH_SESSION_STRATEGY must be "jwt" or "database", got "db"/);
  });

  it("stops next start in database mode, pointing at workerd", () => {
    const env = parseAuthEnv({ AUTH_SESSION_STRATEGY: "database", AUTH_DEMO_USERS: "true" });
    expect(() => assertCanSignIn(env)).toThrow(/AUTH_SESSION_STRATEGY=database.*wrangler pages dev/);
  });
});
