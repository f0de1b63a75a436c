import { decode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import middleware from "@/middleware";

import {
  authRequest,
  CookieJar,
  form,
  getCsrfToken,
  middlewareRequest,
  ORIGIN,
  signInWithCredentials,
} from "../support/in-process";

const SESSION_COOKIE = "authjs.session-token";

async function signedIn(email: string, password: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const response = await signInWithCredentials(jar, email, password);
  expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  return jar;
}

async function readSession(jar: CookieJar) {
  const response = await authRequest("/api/auth/session", jar);
  expect(response.status).toBe(200);
  return response.json();
}

describe("credentials sign-in through the real Auth.js handlers", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie holding an encrypted token with id and role", async () => {
    const jar = new CookieJar();
    const response = await signInWithCredentials(jar, "demo@example.com", "demo-password");
    expect(response.status).toBe(302);

    const cookieLine = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    expect(cookieLine).toMatch(/HttpOnly/i);
    expect(cookieLine).toMatch(/SameSite=Lax/i);
    expect(cookieLine).toMatch(/Path=\//);

    const token = await decode({
      token: jar.get(SESSION_COOKIE),
      secret: process.env.AUTH_SECRET ?? "",
      salt: SESSION_COOKIE,
    });
    expect(token).toMatchObject({ id: "user-demo", role: "user", email: "demo@example.com" });
    expect(token).not.toHaveProperty("password");
  });

  it("reads the session with id and role, uncached", async () => {
    const jar = await signedIn("demo@example.com", "demo-password");
    const response = await authRequest("/api/auth/session", jar);
    expect(response.headers.get("cache-control")).toMatch(/no-store/);
    expect((await response.json()).user).toEqual({
      name: "Demo User",
      email: "demo@example.com",
      id: "user-demo",
      role: "user",
    });
  });

  it("signs out: the cookie is cleared and the session is empty", async () => {
    const jar = await signedIn("demo@example.com", "demo-password");
    const csrfToken = await getCsrfToken(jar);
    const response = await authRequest("/api/auth/signout", jar, form({ csrfToken, callbackUrl: "/" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/`);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(await readSession(jar)).toBeNull();
    expect((await middlewareRequest("/dashboard", jar)).status).toBe(307);
  });
});

describe("middleware decisions by route class", () => {
  const signedOut = () => Promise.resolve(new CookieJar());
  const asUser = () => signedIn("demo@example.com", "demo-password");
  const asAdmin = () => signedIn("admin@example.com", "admin-password");

  it.each([
    ["signed out", signedOut, "/", "next"],
    ["signed out", signedOut, "/dashboard", "sign-in"],
    ["signed out", signedOut, "/admin", "sign-in"],
    ["signed out", signedOut, "/api/me", 401],
    ["user", asUser, "/", "next"],
    ["user", asUser, "/dashboard", "next"],
    ["user", asUser, "/admin", 403],
    ["user", asUser, "/api/me", "next"],
    ["admin", asAdmin, "/dashboard", "next"],
    ["admin", asAdmin, "/admin", "next"],
    ["admin", asAdmin, "/api/me", "next"],
  ] as const)("%s on %s: %s", async (_who, makeJar, path, expected) => {
    const response = await middlewareRequest(path, await makeJar());
    if (expected === "next") {
      expect(response.headers.get("x-middleware-next")).toBe("1");
    } else if (expected === "sign-in") {
      expect(response.status).toBe(307);
      const location = new URL(response.headers.get("location") ?? "");
      expect(location.pathname).toBe("/signin");
      expect(location.searchParams.get("callbackUrl")).toBe(`${ORIGIN}${path}`);
    } else {
      expect(response.status).toBe(expected);
    }
  });

  it("answers an API 401 as JSON, never a redirect", async () => {
    const response = await middlewareRequest("/api/me", new CookieJar());
    expect(response.headers.get("location")).toBeNull();
    expect(await response.json()).toEqual({ error: "unauthorized" });
  });

  it("shows a signed-in user without the role the 403 page instead of sending them to sign in", async () => {
    const response = await middlewareRequest("/admin", await asUser());
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("x-middleware-rewrite")).toBe(`${ORIGIN}/forbidden`);
  });

  it("keeps that rewrite on the host the request reached when it is not AUTH_URL's (else Next proxies it there)", async () => {
    const jar = await asUser();
    const request = new NextRequest("https://preview.example.com/admin", { headers: { cookie: jar.header() ?? "" } });
    const response = (await (middleware as unknown as (request: NextRequest) => Promise<Response>)(request)) as Response;
    expect(response.status).toBe(403);
    expect(response.headers.get("x-middleware-rewrite")).toBe("https://preview.example.com/forbidden");
  });
});

describe("failed sign-ins get a clear answer, never a 500", () => {
  it("sends a wrong password back to the sign-in page with CredentialsSignin", async () => {
    const jar = new CookieJar();
    const response = await signInWithCredentials(jar, "demo@example.com", "wrong-password");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/signin?error=CredentialsSignin&code=credentials`);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const wrongPassword = await signInWithCredentials(new CookieJar(), "demo@example.com", "wrong-password");
    const unknownEmail = await signInWithCredentials(new CookieJar(), "nobody@example.com", "demo-password");
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.headers.get("location")).toBe(wrongPassword.headers.get("location"));
  });

  it("refuses a sign-in POST without the CSRF token", async () => {
    const jar = new CookieJar();
    const response = await authRequest(
      "/api/auth/callback/credentials",
      jar,
      form({ email: "demo@example.com", password: "demo-password" }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/signin?error=MissingCSRF`);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("lets the signIn callback refuse a disabled account after a correct password", async () => {
    const jar = new CookieJar();
    const response = await signInWithCredentials(jar, "disabled@example.com", "disabled-password");
    expect(response.headers.get("location")).toBe(`${ORIGIN}/signin?error=AccessDenied`);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it("answers oversized credentials like a wrong password", async () => {
    const response = await signInWithCredentials(new CookieJar(), "demo@example.com", "x".repeat(5_000));
    expect(response.headers.get("location")).toBe(`${ORIGIN}/signin?error=CredentialsSignin&code=credentials`);
  });

  it.each([
    ["garbage", "not-a-token"],
    ["a tampered token", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..AAAA.BBBB.CCCC"],
  ])("treats %s in the session cookie as signed out", async (_label, value) => {
    const jar = new CookieJar();
    jar.set(SESSION_COOKIE, value);
    const session = await authRequest("/api/auth/session", jar);
    expect(session.status).toBe(200);
    expect(await session.json()).toBeNull();

    const page = await middlewareRequest("/dashboard", jar);
    expect(page.status).toBe(307);
  });
});

describe("redirects stay on this site", () => {
  it.each(["https://evil.example/phish", "//evil.example", "/\\evil.example"])(
    "ignores callbackUrl %s after sign-in",
    async (callbackUrl) => {
      const jar = new CookieJar();
      const csrfToken = await getCsrfToken(jar);
      const response = await authRequest(
        "/api/auth/callback/credentials",
        jar,
        form({ csrfToken, email: "demo@example.com", password: "demo-password", callbackUrl }),
      );
      expect(new URL(response.headers.get("location") ?? "").origin).toBe(ORIGIN);
    },
  );
});

describe("update() through the session endpoint", () => {
  it("changes the display name and ignores an attempt to become admin", async () => {
    const jar = await signedIn("demo@example.com", "demo-password");
    const csrfToken = await getCsrfToken(jar);
    const response = await authRequest("/api/auth/session", jar, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: { name: "Renamed", role: "admin" } }),
    });
    expect(response.status).toBe(200);
    expect((await response.json()).user).toMatchObject({ name: "Renamed", role: "user" });

    expect((await readSession(jar)).user).toMatchObject({ name: "Renamed", role: "user" });
    expect((await middlewareRequest("/admin", jar)).status).toBe(403);
  });
});
