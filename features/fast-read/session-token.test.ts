import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import { getToken } from "next-auth/jwt";
import { describe, expect, it } from "vitest";

import { authRequest, CookieJar, getCsrfToken, middlewareRequest, ORIGIN, signInWithCredentials } from "../../test/support/in-process";
import { JWE_PARTS, contentEncryption, flipBit } from "../../test/support/jwt";

/**
 * The session cookie as the template's real handlers and middleware mint and read it with
 * `jwt-codec.ts`, next to stock Auth.js reading and minting the same cookie.
 */

const SESSION_COOKIE = "authjs.session-token";
const DEMO_CLAIMS = { name: "Demo User", email: "demo@example.com", sub: "user-demo", id: "user-demo", role: "user" as const };

function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("the test environment sets AUTH_SECRET (vitest.config.ts)");
  return secret;
}

function sessionCookieLine(response: Response): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
}

async function signedIn(): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await signInWithCredentials(jar, "demo@example.com", "demo-password");
  expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  return jar;
}

function jarWithSession(token: string): CookieJar {
  const jar = new CookieJar();
  jar.set(SESSION_COOKIE, token);
  return jar;
}

describe("the session cookie the template mints", () => {
  it("is A256GCM and reads with stock Auth.js decode and with getToken()", async () => {
    const jar = await signedIn();
    const token = jar.get(SESSION_COOKIE) ?? "";
    expect(contentEncryption(token)).toBe("A256GCM");

    expect(await stockDecode({ token, secret: authSecret(), salt: SESSION_COOKIE })).toMatchObject(DEMO_CLAIMS);
    const req = new Request(`${ORIGIN}/api/me`, { headers: { cookie: jar.header() } });
    expect(await getToken({ req, secret: authSecret() })).toMatchObject(DEMO_CLAIMS);
  });

  it("comes back unchanged from a session read, with the cookie's Expires moved forward", async () => {
    const jar = await signedIn();
    const token = jar.get(SESSION_COOKIE);
    const response = await authRequest("/api/auth/session", jar);

    expect((await response.json()).user).toMatchObject({ email: "demo@example.com", role: "user" });
    const line = sessionCookieLine(response);
    expect(line).toContain(`${SESSION_COOKIE}=${token};`);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(line ?? "")?.[1] ?? "");
    expect(expires).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
  });

  it("comes back unchanged through middleware on a protected page", async () => {
    const jar = await signedIn();
    const token = jar.get(SESSION_COOKIE);
    const response = await middlewareRequest("/dashboard", jar);
    expect(response.headers.get("location")).toBeNull();
    expect(jar.get(SESSION_COOKIE)).toBe(token);
  });

  it("is minted anew when update() changes a claim, and stock Auth.js reads the new claim", async () => {
    const jar = await signedIn();
    const before = jar.get(SESSION_COOKIE);
    const csrfToken = await getCsrfToken(jar);
    await authRequest("/api/auth/session", jar, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: { name: "Renamed" } }),
    });

    const after = jar.get(SESSION_COOKIE) ?? "";
    expect(after).not.toBe(before);
    expect(await stockDecode({ token: after, secret: authSecret(), salt: SESSION_COOKIE })).toMatchObject({ name: "Renamed" });
  });
});

describe("a session cookie minted by stock Auth.js (an earlier template version)", () => {
  it("keeps the user signed in, and the first read replaces it with an A256GCM token", async () => {
    const old = await stockEncode({ token: DEMO_CLAIMS, secret: authSecret(), salt: SESSION_COOKIE });
    const jar = jarWithSession(old);

    const response = await authRequest("/api/auth/session", jar);
    expect((await response.json()).user).toEqual({ name: "Demo User", email: "demo@example.com", id: "user-demo", role: "user" });
    expect(contentEncryption(jar.get(SESSION_COOKIE) ?? "")).toBe("A256GCM");
    expect((await middlewareRequest("/dashboard", jar)).headers.get("location")).toBeNull();
  });
});

describe("a session cookie that does not verify means signed out, never a 500", () => {
  const hostileCookies: Array<[string, () => Promise<string>]> = [
    ["garbage", async () => "not-a-token"],
    ["a flipped ciphertext bit", async () => flipBit(await stockEncode({ token: DEMO_CLAIMS, secret: authSecret(), salt: SESSION_COOKIE }), JWE_PARTS.ciphertext, 7)],
    ["a flipped tag bit", async () => flipBit(await signedInToken(), JWE_PARTS.tag, 3)],
    ["another app's secret", async () => stockEncode({ token: DEMO_CLAIMS, secret: "another-app-secret-0123456789abcdef", salt: SESSION_COOKIE })],
    ["an expired token", async () => stockEncode({ token: DEMO_CLAIMS, secret: authSecret(), salt: SESSION_COOKIE, maxAge: -60 })],
    ["the __Secure- cookie's token", async () => stockEncode({ token: DEMO_CLAIMS, secret: authSecret(), salt: `__Secure-${SESSION_COOKIE}` })],
  ];

  it.each(hostileCookies)("%s: the session is empty and the cookie is cleared", async (_, makeToken) => {
    const jar = jarWithSession(await makeToken());
    const response = await authRequest("/api/auth/session", jar);
    expect(response.status).toBe(200);
    expect(await response.json()).toBeNull();
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it.each(hostileCookies)("%s: middleware sends a page to sign-in and answers an API with 401", async (_, makeToken) => {
    const token = await makeToken();
    const page = await middlewareRequest("/dashboard", jarWithSession(token));
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location") ?? "").pathname).toBe("/signin");

    const api = await middlewareRequest("/api/me", jarWithSession(token));
    expect(api.status).toBe(401);
  });
});

async function signedInToken(): Promise<string> {
  const jar = await signedIn();
  return jar.get(SESSION_COOKIE) ?? "";
}
