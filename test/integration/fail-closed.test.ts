import NextAuth from "next-auth";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

import { authConfig } from "@/auth.config";

/**
 * Fail closed (the class of GHSA-8fpg-xm3f-6cx3): when Auth.js cannot read a session, for
 * whatever reason, middleware must treat the visitor as signed out, never let them through.
 */
const ORIGIN = "http://localhost:3000";
const COOKIE = "authjs.session-token";
const SECRET = "test-secret-at-least-thirty-two-characters-long";
const ADMIN = { sub: "user-admin", id: "user-admin", email: "admin@example.com", name: "Admin", role: "admin" as const };

type Middleware = (request: NextRequest) => Promise<Response>;

function request(path: string, cookie?: string): NextRequest {
  return new NextRequest(new URL(path, ORIGIN), { headers: cookie ? { cookie } : {} });
}

/** Middleware served the protected route: the one outcome these tests rule out. */
function passedThrough(response: Response): boolean {
  return response.headers.get("x-middleware-next") === "1" || response.status === 200;
}

async function loadMiddleware(env: Record<string, string>): Promise<Middleware> {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import("@/middleware")).default as unknown as Middleware;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("middleware fails closed", () => {
  it("lets a valid admin session through (the control for the cases below)", async () => {
    const middleware = await loadMiddleware({ AUTH_SECRET: SECRET });
    const token = await encode({ token: ADMIN, secret: SECRET, salt: COOKIE });
    expect(passedThrough(await middleware(request("/admin", `${COOKIE}=${token}`)))).toBe(true);
  });

  it("denies a session sealed with a secret rotated away", async () => {
    const middleware = await loadMiddleware({ AUTH_SECRET: SECRET });
    const token = await encode({ token: ADMIN, secret: "retired-secret-at-least-thirty-two-chars", salt: COOKIE });
    for (const path of ["/dashboard", "/admin", "/api/me"]) {
      expect(passedThrough(await middleware(request(path, `${COOKIE}=${token}`))), path).toBe(false);
    }
  });

  it("denies every protected route when the secret is missing", async () => {
    const token = await encode({ token: ADMIN, secret: SECRET, salt: COOKIE });
    const middleware = await loadMiddleware({ AUTH_SECRET: "", NODE_ENV: "production" });
    for (const path of ["/dashboard", "/admin", "/api/me"]) {
      const response = await middleware(request(path, `${COOKIE}=${token}`));
      expect(passedThrough(response), path).toBe(false);
      expect(await response.text()).not.toMatch(/\n\s+at /);
    }
  });

  it("denies when the jwt callback throws inside middleware", async () => {
    const broken = NextAuth({
      ...authConfig,
      callbacks: {
        ...authConfig.callbacks,
        jwt() {
          throw new Error("store unreachable");
        },
      },
    }).auth as unknown as Middleware;
    const token = await encode({ token: ADMIN, secret: SECRET, salt: COOKIE });
    for (const path of ["/dashboard", "/admin", "/api/me"]) {
      expect(passedThrough(await broken(request(path, `${COOKIE}=${token}`))), path).toBe(false);
    }
  });

  it("denies when the session callback throws inside middleware", async () => {
    const broken = NextAuth({
      ...authConfig,
      callbacks: {
        ...authConfig.callbacks,
        session() {
          throw new Error("bad shape");
        },
      },
    }).auth as unknown as Middleware;
    const token = await encode({ token: ADMIN, secret: SECRET, salt: COOKIE });
    expect(passedThrough(await broken(request("/admin", `${COOKIE}=${token}`)))).toBe(false);
  });

  it("decides from the cookie alone while an OIDC issuer is unreachable: valid passes, forged and missing are refused, never a 5xx", async () => {
    const middleware = await loadMiddleware({
      AUTH_SECRET: SECRET,
      AUTH_OIDC_ISSUER: "http://127.0.0.1:9/unreachable",
      AUTH_OIDC_ID: "client",
      AUTH_OIDC_SECRET: "client-secret",
    });
    const valid = await encode({ token: ADMIN, secret: SECRET, salt: COOKIE });
    const forged = await encode({ token: ADMIN, secret: "retired-secret-at-least-thirty-two-chars", salt: COOKIE });
    for (const path of ["/dashboard", "/admin", "/api/me"]) {
      // A session read never contacts the issuer, so a broken provider signs nobody out...
      expect(passedThrough(await middleware(request(path, `${COOKIE}=${valid}`))), path).toBe(true);
      // ...and lets nobody in.
      for (const cookie of [`${COOKIE}=${forged}`, undefined]) {
        const response = await middleware(request(path, cookie));
        expect(passedThrough(response), `${path} ${cookie ? "forged" : "no cookie"}`).toBe(false);
        expect(response.status, path).toBeLessThan(500);
      }
    }
  });
});
