import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

import { authRequest, CookieJar, ORIGIN, signInWithCredentials } from "../../test/support/in-process";
import { signInAtIdp, startTestIdp } from "../../test/support/oidc-provider";

/**
 * "Sign out everywhere" with JWT sessions, through the real handlers: with
 * AUTH_SESSION_CHECK_SECONDS set, bumping the user's session version ends their sessions.
 */
afterEach(() => {
  vi.unstubAllEnvs();
});

async function load(checkSeconds: string, env: Record<string, string> = {}) {
  vi.resetModules();
  vi.stubEnv("AUTH_SESSION_CHECK_SECONDS", checkSeconds);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { handlers } = await import("@/auth");
  const { getSessionVersionStore } = await import("./session-version");
  const send = (jar: CookieJar, path: string, init: RequestInit = {}) => authRequest(path, jar, init, handlers);
  const signIn = (jar: CookieJar) => signInWithCredentials(jar, "demo@example.com", "demo-password", handlers);
  // The authorization-code flow: the sign-in button's POST, the IdP's forms, the IdP's redirect back.
  const signInOidc = async (jar: CookieJar, login: string) => {
    const { csrfToken } = (await (await send(jar, "/api/auth/csrf")).json()) as { csrfToken: string };
    const start = await send(jar, "/api/auth/signin/oidc", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/dashboard" }).toString(),
    });
    const callback = await signInAtIdp(start.headers.get("location") ?? "", login);
    await send(jar, callback.pathname + callback.search);
  };
  const session = async (jar: CookieJar) => (await (await send(jar, "/api/auth/session")).json()) as { user?: { id?: string; email?: string } } | null;
  // `getToken()` runs no callback: the route must apply revocation itself.
  const { GET: tokenRoute } = await import("@/app/api/token/route");
  const claims = async (jar: CookieJar) => tokenRoute(new NextRequest(new URL("/api/token", ORIGIN), { headers: { cookie: jar.header() } }));
  return { store: getSessionVersionStore(), signIn, signInOidc, session, claims };
}

describe("revocation by session version", () => {
  it("signs every device out when the user's version is bumped", async () => {
    const { store, signIn, session } = await load("0");
    const laptop = new CookieJar();
    const phone = new CookieJar();
    await signIn(laptop);
    await signIn(phone);
    expect((await session(laptop))?.user?.email).toBe("demo@example.com");
    expect((await session(phone))?.user?.email).toBe("demo@example.com");

    await store.bump("user-demo");

    expect(await session(laptop)).toBeNull();
    expect(await session(phone)).toBeNull();
    expect(laptop.get("authjs.session-token")).toBeUndefined();
  });

  it("ends the session on /api/token (getToken(), no callbacks) too", async () => {
    const { store, signIn, claims } = await load("0");
    const jar = new CookieJar();
    await signIn(jar);
    expect(await (await claims(jar)).json()).toMatchObject({ id: "user-demo", email: "demo@example.com" });

    await store.bump("user-demo");

    const revoked = await claims(jar);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: "unauthorized" });
  });

  it("keeps a session signed in after a bump until its check interval has passed", async () => {
    const { store, signIn, session } = await load("3600");
    const jar = new CookieJar();
    await signIn(jar);
    await store.bump("user-demo");
    expect((await session(jar))?.user?.email).toBe("demo@example.com");
  });

  it("ends every session of an OIDC user, whose id is the same at each sign-in", async () => {
    const idp = await startTestIdp({ redirectUris: [`${ORIGIN}/api/auth/callback/oidc`] });
    try {
      const { store, signInOidc, session } = await load("0", idp.appEnv);
      const laptop = new CookieJar();
      const phone = new CookieJar();
      await signInOidc(laptop, "alice");
      await signInOidc(phone, "alice");
      // Auth.js alone would give each sign-in a fresh random user id, and one bump would end one session.
      expect((await session(laptop))?.user?.id).toBe("oidc:alice");
      expect((await session(phone))?.user?.id).toBe("oidc:alice");

      await store.bump("oidc:alice");

      expect(await session(laptop)).toBeNull();
      expect(await session(phone)).toBeNull();
    } finally {
      await idp.stop();
    }
  });
});
