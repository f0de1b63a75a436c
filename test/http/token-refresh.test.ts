import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { CookieJar } from "../support/cookie-jar";
import { HttpClient } from "../support/http-client";
import { APP_CALLBACK, startTestIdp, type TestIdp } from "../support/oidc-provider";
import { classify, driveRefreshStress, formatStressLine, signInThroughIdp, stressPassed } from "../support/refresh-stress";
import { startServer, targets, type AppServer } from "../support/servers";

/**
 * Refresh-token rotation on real servers (`next start`, and workerd with the KV refresh store),
 * against a real IdP issuing 4-second access tokens and rotating refresh tokens with reuse
 * detection: one refresh per expiry under concurrent load, the refreshed token seen by the
 * page of the same request, chunked cookies, a refused refresh, and a forged header.
 */
const ACCESS_SECONDS = 4;
const SECRET = "token-refresh-secret-at-least-thirty-two-characters";
const SESSION_COOKIE = "authjs.session-token";
/** Logins starting with this get access tokens of ~6,000 characters: the session cookie must be chunked. */
const BIG = "big-";

/** The provider tokens inside the session token, as features/token-refresh writes them (the parts read here). */
interface ProviderTokens {
  accessToken: string;
  refreshToken?: string;
  refreshAt: number;
  refreshedAt?: number;
}

/** The session token, whole or reassembled from its chunks (.0, .1, …). */
function sessionToken(jar: CookieJar): string | undefined {
  const whole = jar.get(SESSION_COOKIE);
  if (whole) return whole;
  const chunks = jar.entries().filter(([name]) => name.startsWith(`${SESSION_COOKIE}.`));
  chunks.sort(([a], [b]) => Number(a.split(".").pop()) - Number(b.split(".").pop()));
  return chunks.length ? chunks.map(([, value]) => value).join("") : undefined;
}

async function providerTokens(jar: CookieJar): Promise<ProviderTokens | undefined> {
  const token = await decode({ token: sessionToken(jar), secret: SECRET, salt: SESSION_COOKIE });
  return token?.providerTokens as ProviderTokens | undefined;
}

/** Waits (no assertion on time) until the session's access token is due for refresh. */
async function untilDue(jar: CookieJar): Promise<ProviderTokens> {
  const tokens = await providerTokens(jar);
  if (!tokens) throw new Error("the session holds no provider tokens");
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, tokens.refreshAt * 1000 - Date.now() + 50)));
  return tokens;
}

function rendered(html: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

describe.each(targets)("refresh-token rotation on %s", (target) => {
  let server: AppServer;
  let idp: TestIdp;
  const state = mkdtempSync(join(tmpdir(), "edge-auth-refresh-"));

  beforeAll(async () => {
    idp = await startTestIdp({
      redirectUris: [APP_CALLBACK],
      refresh: { accessTokenSeconds: ACCESS_SECONDS },
      accessTokenLength: (login) => (login.startsWith(BIG) ? 6000 : undefined),
    });
    server = await startServer(target, {
      env: { AUTH_SECRET: SECRET, ...idp.appEnv },
      wranglerArgs: ["--kv", "TOKEN_REFRESH_KV", "--persist-to", state],
    });
  });
  afterAll(async () => {
    await server?.stop();
    await idp?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it("renders the page of the request that refreshed with the refreshed token: middleware refreshed once, the page did not again", async () => {
    const client = await signInThroughIdp(server.origin, "handoff");
    const old = await untilDue(client.jar);
    const before = idp.refreshStats();
    const page = await client.request("/dashboard");
    const html = await page.text();
    const now = await providerTokens(client.jar);

    expect(page.status).toBe(200);
    expect(now?.accessToken).not.toBe(old.accessToken);
    expect(rendered(html, "access-token-refreshed")).toBe(new Date((now?.refreshedAt ?? 0) * 1000).toISOString());
    expect(idp.refreshStats().refreshes - before.refreshes).toBe(1);
    expect(idp.refreshStats().reused - before.reused).toBe(0);
  });

  it("calls the provider's userinfo with a refreshed access token, server-side", async () => {
    const client = await signInThroughIdp(server.origin, "reader");
    await untilDue(client.jar);
    const response = await client.request("/api/userinfo");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { userinfo: { sub: string; email: string }; refreshedAt: string | null };
    expect(body.userinfo).toMatchObject({ sub: "reader", email: "reader@idp.test" });
    expect(body.refreshedAt).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toContain((await providerTokens(client.jar))?.accessToken);
  });

  it("keeps one refresh per expiry under concurrent requests across expiries: nothing reused, nobody signed out", async () => {
    const client = await signInThroughIdp(server.origin, "stress");
    const result = await driveRefreshStress({ client, seconds: 9, concurrency: 6, accessTokenSeconds: ACCESS_SECONDS, idpStats: idp.refreshStats });
    expect(formatStressLine(result)).toMatch(/reused=0 signedOut=0 errors=0$/);
    expect(result.refreshes).toBeGreaterThanOrEqual(1);
    expect(stressPassed(result)).toBe(true);
  });

  it("works with a session cookie chunked by a large provider token, through a refresh", async () => {
    const client = await signInThroughIdp(server.origin, `${BIG}user`);
    expect(client.jar.get(`${SESSION_COOKIE}.1`)).toBeDefined();
    const old = await untilDue(client.jar);
    const before = idp.refreshStats();
    // /api/auth/session is read after the refresh: when middleware refreshes a chunked session on
    // that path, workerd (next-on-pages) sends middleware's and the handler's Set-Cookie lines
    // both, ~19 KB of headers, which Node's fetch refuses (16 KB limit; browsers accept it).
    const results = await Promise.all(["/dashboard", "/api/userinfo"].map(async (path) => [path, await classify(path, await client.request(path))]));
    expect(results).toEqual([["/dashboard", "signed-in"], ["/api/userinfo", "signed-in"]]);
    expect(await classify("/api/auth/session", await client.request("/api/auth/session"))).toBe("signed-in");
    expect(idp.refreshStats().refreshes - before.refreshes).toBe(1);
    expect((await providerTokens(client.jar))?.accessToken).not.toBe(old.accessToken);
    expect(client.jar.get(`${SESSION_COOKIE}.1`)).toBeDefined();
  });

  it("asks to sign in again, without an error page, once the provider refuses the refresh (refresh token used elsewhere)", async () => {
    const client = await signInThroughIdp(server.origin, "stolen");
    const { refreshToken } = (await providerTokens(client.jar)) ?? {};
    // Someone else redeems the refresh token first: the app's refresh then presents a consumed one.
    const thief = await fetch(`${idp.issuer}/token`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${idp.clientId}:${idp.clientSecret}`)}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken ?? "" }),
    });
    expect(thief.status).toBe(200);
    await untilDue(client.jar);

    const page = await client.request("/dashboard");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="session-error"');
    expect(await (await client.request("/api/auth/session")).json()).toMatchObject({ error: "RefreshTokenError" });
    const userinfo = await client.request("/api/userinfo");
    expect(userinfo.status).toBe(401);
    expect(await userinfo.json()).toEqual({ error: "sign-in-again" });
  });

  it("never counts a forged middleware header as a session (CVE-2025-29927)", async () => {
    const client = await signInThroughIdp(server.origin, "forger");
    const cookie = client.jar.header();
    const forged = await new HttpClient(server.origin).request("/api/userinfo", {
      headers: { "x-middleware-override-headers": "cookie", "x-middleware-request-cookie": cookie, "x-middleware-subrequest": "middleware" },
    });
    expect(forged.status).toBe(401);
  });
});
