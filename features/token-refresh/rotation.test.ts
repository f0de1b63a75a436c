import { decode, type JWT } from "next-auth/jwt";
import { afterAll, describe, expect, it, vi } from "vitest";

import type { ProviderTokens } from "./provider-tokens";

import { CookieJar } from "../../test/support/cookie-jar";
import { signInAtIdp, startTestIdp } from "../../test/support/oidc-provider";

/**
 * Refresh-token rotation in-process: the real middleware and Auth.js handlers of this app, a
 * real IdP (oidc-provider on loopback) issuing 4-second access tokens and rotating refresh
 * tokens with reuse detection. Refreshes and reuses are counted at the IdP.
 */
const ACCESS_SECONDS = 4;
const idp = await startTestIdp({ redirectUris: [`${process.env.AUTH_URL}/api/auth/callback/oidc`], refresh: { accessTokenSeconds: ACCESS_SECONDS } });
for (const [name, value] of Object.entries(idp.appEnv)) vi.stubEnv(name, value);
// Imported after the IdP's variables are set: the Auth.js instances read them when built.
const { inProcessDriver } = await import("../../test/support/trace-drivers");
const driver = await inProcessDriver(() => [], process.env.AUTH_SECRET ?? "", ["oidc"]);
const { refreshLikeTheGuide } = await import("./guide-refresh");
const { parseAuthEnv, readProcessEnv } = await import("@/lib/env");

afterAll(() => idp.stop());

const SESSION_COOKIE = "authjs.session-token";

async function signedInThroughIdp(login: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const { csrfToken } = (await (await driver.fetch("/api/auth/csrf", jar)).json()) as { csrfToken: string };
  const start = await driver.fetch("/api/auth/signin/oidc", jar, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/dashboard" }).toString(),
  });
  const callback = await signInAtIdp(start.headers.get("location") ?? "", login);
  await driver.fetch(callback.pathname + callback.search, jar);
  expect(jar.get(SESSION_COOKIE)).toBeDefined();
  return jar;
}

async function claims(cookie: string | undefined): Promise<JWT | null> {
  return decode({ token: cookie, secret: process.env.AUTH_SECRET ?? "", salt: SESSION_COOKIE });
}

/** Waits (no assertion on time) until the session's access token is due for refresh. */
async function untilDue(jar: CookieJar): Promise<ProviderTokens> {
  const tokens = (await claims(jar.get(SESSION_COOKIE)))?.providerTokens;
  if (!tokens) throw new Error("the session holds no provider tokens");
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, tokens.refreshAt * 1000 - Date.now() + 50)));
  return tokens;
}

/** Sends `count` requests at once with the same cookie, as parallel tabs and prefetches do. */
async function concurrently(jar: CookieJar, paths: string[]): Promise<Response[]> {
  const cookie = jar.header();
  return Promise.all(
    paths.map((path) => {
      const copy = new CookieJar();
      for (const pair of cookie.split("; ")) copy.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
      return driver.fetch(path, copy);
    }),
  );
}

function newSessionCookie(response: Response): string | undefined {
  const line = response.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  return line?.slice(SESSION_COOKIE.length + 1).split(";")[0];
}

// Each test waits for an access token to fall due (a few seconds) before it acts.
describe("refresh-token rotation through middleware (in-process, real IdP)", { timeout: 30_000 }, () => {
  it("keeps the provider's tokens in the encrypted token only, never in the session the client reads", async () => {
    const jar = await signedInThroughIdp("keeper");
    const tokens = (await claims(jar.get(SESSION_COOKIE)))?.providerTokens;
    expect(tokens).toMatchObject({ provider: "oidc", accessToken: expect.any(String), refreshToken: expect.any(String) });
    const body = await (await driver.fetch("/api/auth/session", jar)).text();
    expect(body).not.toContain(tokens?.accessToken);
    expect(body).not.toContain(tokens?.refreshToken);
    expect(JSON.parse(body)).toMatchObject({ user: { email: "keeper@idp.test" }, accessTokenExpires: expect.any(String) });
  });

  it("refreshes once for twenty concurrent requests after expiry, and each gets the new tokens", async () => {
    const jar = await signedInThroughIdp("twenty");
    const before = idp.refreshStats();
    const old = await untilDue(jar);
    const paths = Array.from({ length: 20 }, (_, i) => (i % 2 ? "/api/auth/session" : "/api/token"));
    const responses = await concurrently(jar, paths);
    expect(responses.map((r) => r.status)).toEqual(paths.map(() => 200));

    const after = idp.refreshStats();
    expect(after.refreshes - before.refreshes).toBe(1);
    expect(after.reused - before.reused).toBe(0);
    const accessTokens = new Set(await Promise.all(responses.map(async (r) => (await claims(newSessionCookie(r)))?.providerTokens?.accessToken)));
    expect(accessTokens.size).toBe(1);
    expect([...accessTokens][0]).not.toBe(old.accessToken);
  });

  it("hands a late request with the old cookie the rotated tokens instead of reusing the old refresh token", async () => {
    const jar = await signedInThroughIdp("late");
    await untilDue(jar);
    const stale = jar.get(SESSION_COOKIE) ?? "";
    const before = idp.refreshStats();
    const first = await driver.fetch("/api/token", jar);
    const late = new CookieJar();
    late.set(SESSION_COOKIE, stale);
    const second = await driver.fetch("/api/token", late);

    const after = idp.refreshStats();
    expect(after.refreshes - before.refreshes).toBe(1);
    expect(after.reused - before.reused).toBe(0);
    expect((await claims(newSessionCookie(second)))?.providerTokens?.refreshToken).toBe(
      (await claims(newSessionCookie(first)))?.providerTokens?.refreshToken,
    );
  });

  it("shows the guide's race: a second uncoordinated refresh with the same token revokes the grant, and the session then asks to sign in again", async () => {
    const jar = await signedInThroughIdp("guide");
    await untilDue(jar);
    const token = await claims(jar.get(SESSION_COOKIE));
    if (!token) throw new Error("no token");
    const before = idp.refreshStats();
    const env = parseAuthEnv(readProcessEnv());
    // What happens when the refreshed cookie is lost (set by a server component, or answered
    // before another request's): the next request refreshes with the old token again.
    const refreshed = await refreshLikeTheGuide({ ...token }, env);
    expect(refreshed.error).toBeUndefined();
    expect((await refreshLikeTheGuide({ ...token }, env)).error).toBe("RefreshTokenError");
    expect(idp.refreshStats().reused - before.reused).toBe(1);

    // The grant is gone: the coordinated refresh is refused, and the session says so.
    const session = (await (await driver.fetch("/api/auth/session", jar)).json()) as { user: unknown; error?: string; accessTokenExpires?: string };
    expect(session).toMatchObject({ user: { email: "guide@idp.test" }, error: "RefreshTokenError" });
    expect(session.accessTokenExpires).toBeUndefined();
    expect((await claims(jar.get(SESSION_COOKIE)))?.providerTokens).toBeUndefined();
  });
});
