import { request } from "node:http";
import { encode } from "next-auth/jwt";
import { SignJWT } from "jose";

import { flipBit, JWE_PARTS } from "./jwt";

/**
 * The hostile-input table, one list for every transport: the in-process handlers and
 * middleware, `next start` and workerd. Each case is a raw request (path, method, headers,
 * body) a client could send; `checkResponse` states the invariants every answer must keep.
 * Valid cookies are forged with the secret the app under test runs with, so the same table
 * can tamper with a real session on any target.
 */
export interface HostileCase {
  group: "cookie" | "redirect" | "csrf" | "bypass" | "method" | "cache" | "limit" | "input";
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * The client is signed out (or its credentials are forged): a protected page or API must
   * not be served. False only where the case carries a session the server should honour.
   */
  signedOut: boolean;
  /** Carries a valid session that must still be refused here (a role check): it may be renewed. */
  holdsSession?: boolean;
  /** The answer depends on who is signed in: no shared cache may keep it. */
  personalised?: boolean;
  /**
   * Brute-force rows ("limit"): the request is sent once per entry, the entry's body and headers
   * in place of the case's; every answer keeps the invariants, and the last must be refused by
   * the sign-in limit.
   */
  attempts?: { body?: string; headers?: Record<string, string> }[];
  /** A cookie the request carries that Auth.js would throw on: the answer must clear it. */
  clears?: string;
  /** The one status a correct server answers (a refusal that must not depend on anything else). */
  status?: number;
}

export interface CaseContext {
  origin: string;
  secret: string;
  /** Session cookie name on this origin: `authjs.session-token` over http. */
  cookieName: string;
  /** A CSRF cookie and its token from a real `/api/auth/csrf` call, for "another session's token". */
  csrf: { cookie: string; token: string };
  /** The CSRF cookie and token of a second, unrelated client. */
  otherCsrf: { cookie: string; token: string };
  /** Whether features/sign-in-limit is in auth.config.ts's list: the "limit" rows need it (unset: yes). */
  signInLimit?: boolean;
  /**
   * The client-IP header the platform in front of this target sets, which the forged-IP rows
   * leave alone: on workerd `cf-connecting-ip`, which Cloudflare's edge overwrites but wrangler's
   * local server passes through when a client sends one. Unset: every IP header is forged.
   */
  platformClientIpHeader?: string;
  /** Database sessions: the forged JWT sessions of the table are no session at all there. */
  databaseSessions?: boolean;
}

const DEMO_TOKEN = { sub: "user-demo", id: "user-demo", email: "demo@example.com", name: "Demo User", role: "user" };
const ADMIN_TOKEN = { sub: "user-admin", id: "user-admin", email: "admin@example.com", name: "Admin", role: "admin" };

const protectedPaths = ["/dashboard", "/admin", "/api/me"];

function b64url(value: string): string {
  return Buffer.from(value).toString("base64url");
}

function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

export async function buildHostileCases(ctx: CaseContext): Promise<HostileCase[]> {
  const { cookieName: name, secret } = ctx;
  const valid = await encode({ token: DEMO_TOKEN, secret, salt: name });
  const validAdmin = await encode({ token: ADMIN_TOKEN, secret, salt: name });
  const wrongSecret = await encode({ token: ADMIN_TOKEN, secret: "another-secret-entirely-32-characters!", salt: name });
  const wrongSalt = await encode({ token: ADMIN_TOKEN, secret, salt: "__Secure-authjs.session-token" });
  const expired = await encode({ token: ADMIN_TOKEN, secret, salt: name, maxAge: -3600 });
  const unsigned = `${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${b64url(JSON.stringify(ADMIN_TOKEN))}.`;
  const jws = await new SignJWT(ADMIN_TOKEN)
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(secret));
  const parts = validAdmin.split(".");
  // One real bit of the decoded part: rewriting base64url characters can change only padding bits.
  const tamperedCiphertext = flipBit(validAdmin, JWE_PARTS.ciphertext, 0);
  const tamperedTag = flipBit(validAdmin, JWE_PARTS.tag, 0);
  const tamperedHeader = [b64url(JSON.stringify({ alg: "dir", enc: "A128GCM" })), ...parts.slice(1)].join(".");
  const half = Math.floor(validAdmin.length / 2);

  const forgedCookies: [string, string][] = [
    ["tampered ciphertext", `${name}=${tamperedCiphertext}`],
    ["tampered auth tag", `${name}=${tamperedTag}`],
    ["tampered protected header (enc swapped)", `${name}=${tamperedHeader}`],
    ["truncated token", `${name}=${validAdmin.slice(0, half)}`],
    ["token minus its last character", `${name}=${validAdmin.slice(0, -1)}`],
    ["token made with another secret", `${name}=${wrongSecret}`],
    ["token made for the __Secure- cookie name (wrong salt)", `${name}=${wrongSalt}`],
    ["expired token", `${name}=${expired}`],
    ["alg none unsigned JWT", `${name}=${unsigned}`],
    ["JWS (HS256 with the real secret) instead of a JWE", `${name}=${jws}`],
    ["garbage base64", `${name}=!!!not*base64$$$`],
    ["five empty segments", `${name}=....`],
    ["empty value", `${name}=`],
    ["over 4 KB of junk", `${name}=${"A".repeat(5000)}`],
    ["valid token padded past 4 KB", `${name}=${validAdmin}${"A".repeat(4200)}`],
    ["chunked cookie with the second chunk missing", `${name}.0=${validAdmin.slice(0, half)}`],
    ["chunked cookie with chunks reordered", `${name}.0=${validAdmin.slice(half)}; ${name}.1=${validAdmin.slice(0, half)}`],
    ["chunked cookie whose second chunk is another token's", `${name}.0=${validAdmin.slice(0, half)}; ${name}.1=${wrongSecret.slice(half)}`],
    ["two session cookies, both forged", `${name}=${wrongSecret}; ${name}=${tamperedCiphertext}`],
    ["__Secure- cookie name over http", `__Secure-${name}=${await encode({ token: ADMIN_TOKEN, secret, salt: `__Secure-${name}` })}`],
    ["__Host- cookie name over http", `__Host-${name}=${validAdmin}`],
    ["token with a NUL byte escape", `${name}=${validAdmin.slice(0, 20)}%00${validAdmin.slice(20)}`],
  ];

  const cases: HostileCase[] = [];
  for (const [label, cookie] of forgedCookies) {
    for (const path of label.startsWith("over 4 KB") || label.includes("two session") ? protectedPaths : ["/admin", "/api/me"]) {
      cases.push({ group: "cookie", name: `${label} on ${path}`, path, headers: { cookie }, signedOut: true });
    }
  }
  // The session read and getToken()'s path pick the cookie name by one rule (lib/auth-input.ts sessionUrl).
  for (const path of ["/api/me", "/api/token"]) {
    cases.push({
      group: "cookie",
      name: `a valid session under the plain name with x-forwarded-proto: https on ${path}`,
      path,
      headers: { cookie: `${name}=${valid}`, "x-forwarded-proto": "https" },
      signedOut: false,
    });
  }
  cases.push(
    {
      // Cookie values are percent-decoded, so this is the same authentic token, honoured.
      group: "cookie",
      name: "a percent-encoded valid session",
      path: "/api/me",
      headers: { cookie: `${name}=${encodeURIComponent(valid).replace(/\./g, "%2E")}` },
      signedOut: false,
    },
    {
      group: "cookie",
      name: "a valid session beside a forged second one",
      path: "/dashboard",
      headers: { cookie: `${name}=${valid}; ${name}.0=${tamperedCiphertext}` },
      signedOut: false,
    },
    {
      group: "cookie",
      name: "a demo user's valid session on /admin (role check)",
      path: "/admin",
      headers: { cookie: `${name}=${valid}` },
      signedOut: true,
      holdsSession: true,
    },
  );

  const evilTargets = [
    "https://evil.example/",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "http:/evil.example",
    "%2F%2Fevil.example",
    "https%3A%2F%2Fevil.example",
    "/%5Cevil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://localhost@evil.example/",
    "https://evil.example\\@localhost/",
    " //evil.example",
    "\t//evil.example",
    `${ctx.origin}.evil.example/`,
    // Each parses to a path starting with `//`: a browser reads that Location as another host.
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/a/..//evil.example",
    "/.\\/evil.example",
    "/./\\evil.example",
    `${ctx.origin}//evil.example`,
    `${ctx.origin}/.//evil.example`,
  ];
  for (const callbackUrl of evilTargets) {
    cases.push({
      group: "redirect",
      name: `credentials sign-in with callbackUrl=${JSON.stringify(callbackUrl)}`,
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { ...FORM, cookie: ctx.csrf.cookie },
      body: formBody({ csrfToken: ctx.csrf.token, email: "demo@example.com", password: "demo-password", callbackUrl }),
      signedOut: false,
    });
  }
  for (const callbackUrl of evilTargets) {
    // A signed-in visitor of the sign-in page is sent straight on to the callbackUrl.
    cases.push({
      group: "redirect",
      name: `signed-in visit to /signin?callbackUrl=${JSON.stringify(callbackUrl)}`,
      path: `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`,
      headers: { cookie: `${name}=${valid}` },
      signedOut: false,
    });
  }
  for (const callbackUrl of ["/.//evil.example", "/..//evil.example", `${ctx.origin}//evil.example`]) {
    // As a browser may send it, unencoded.
    cases.push({
      group: "redirect",
      name: `signed-in visit to /signin?callbackUrl=${callbackUrl} (unencoded)`,
      path: `/signin?callbackUrl=${callbackUrl}`,
      headers: { cookie: `${name}=${valid}` },
      signedOut: false,
    });
  }
  for (const callbackUrl of ["//evil.example", "/\\evil.example", "https:evil.example", "javascript:alert(1)", "/.//evil.example"]) {
    cases.push(
      {
        group: "redirect",
        name: `sign-out with callbackUrl=${JSON.stringify(callbackUrl)}`,
        method: "POST",
        path: "/api/auth/signout",
        headers: { ...FORM, cookie: `${ctx.csrf.cookie}; ${name}=${valid}` },
        body: formBody({ csrfToken: ctx.csrf.token, callbackUrl }),
        signedOut: false,
      },
      {
        group: "redirect",
        name: `signed-out visit to /dashboard?callbackUrl=${JSON.stringify(callbackUrl)}`,
        path: `/dashboard?callbackUrl=${encodeURIComponent(callbackUrl)}`,
        signedOut: true,
      },
      {
        group: "redirect",
        name: `GET /api/auth/signin?callbackUrl=${JSON.stringify(callbackUrl)}`,
        path: `/api/auth/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`,
        signedOut: true,
      },
    );
  }
  cases.push({
    group: "redirect",
    name: "an evil callback-url cookie on sign-in",
    method: "POST",
    path: "/api/auth/callback/credentials",
    headers: { ...FORM, cookie: `${ctx.csrf.cookie}; authjs.callback-url=${encodeURIComponent("https://evil.example/")}` },
    body: formBody({ csrfToken: ctx.csrf.token, email: "demo@example.com", password: "demo-password" }),
    signedOut: false,
  });

  const signIn = { email: "demo@example.com", password: "demo-password", callbackUrl: "/dashboard" };
  cases.push(
    {
      group: "csrf",
      name: "sign-in POST without a CSRF token or cookie",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: FORM,
      body: formBody(signIn),
      signedOut: true,
    },
    {
      group: "csrf",
      name: "sign-in POST with the cookie but no token",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { ...FORM, cookie: ctx.csrf.cookie },
      body: formBody(signIn),
      signedOut: true,
    },
    {
      group: "csrf",
      name: "sign-in POST with a wrong token",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { ...FORM, cookie: ctx.csrf.cookie },
      body: formBody({ ...signIn, csrfToken: "0".repeat(64) }),
      signedOut: true,
    },
    {
      group: "csrf",
      name: "sign-in POST with another client's token",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { ...FORM, cookie: ctx.csrf.cookie },
      body: formBody({ ...signIn, csrfToken: ctx.otherCsrf.token }),
      signedOut: true,
    },
    {
      group: "csrf",
      name: "sign-in POST with a token but no cookie",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: FORM,
      body: formBody({ ...signIn, csrfToken: ctx.csrf.token }),
      signedOut: true,
    },
    {
      group: "csrf",
      name: "sign-in POST with a forged CSRF cookie (token|hash of another secret)",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { ...FORM, cookie: `authjs.csrf-token=${"a".repeat(64)}%7C${"b".repeat(64)}` },
      body: formBody({ ...signIn, csrfToken: "a".repeat(64) }),
      signedOut: true,
    },
    {
      // Auth.js accepts JSON bodies (next-auth/react may send one): with a valid token it signs in.
      group: "csrf",
      name: "sign-in POST as JSON with a valid CSRF token",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { "content-type": "application/json", cookie: ctx.csrf.cookie },
      body: JSON.stringify({ ...signIn, csrfToken: ctx.csrf.token }),
      signedOut: false,
    },
    {
      group: "csrf",
      name: "sign-in POST as JSON with another client's CSRF token",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { "content-type": "application/json", cookie: ctx.csrf.cookie },
      body: JSON.stringify({ ...signIn, csrfToken: ctx.otherCsrf.token }),
      signedOut: true,
    },
    {
      group: "csrf",
      name: "sign-in POST as JSON without a CSRF token",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { "content-type": "application/json", cookie: ctx.csrf.cookie },
      body: JSON.stringify(signIn),
      signedOut: true,
    },
    {
      group: "csrf",
      name: "sign-out POST without a token",
      method: "POST",
      path: "/api/auth/signout",
      headers: { ...FORM, cookie: `${name}=${valid}` },
      body: formBody({}),
      signedOut: false,
    },
    {
      group: "csrf",
      name: "sign-out POST with a wrong token",
      method: "POST",
      path: "/api/auth/signout",
      headers: { ...FORM, cookie: `${ctx.csrf.cookie}; ${name}=${valid}` },
      body: formBody({ csrfToken: "0".repeat(64) }),
      signedOut: false,
    },
    {
      group: "csrf",
      name: "sign-out POST with another client's token",
      method: "POST",
      path: "/api/auth/signout",
      headers: { ...FORM, cookie: `${ctx.csrf.cookie}; ${name}=${valid}` },
      body: formBody({ csrfToken: ctx.otherCsrf.token }),
      signedOut: false,
    },
  );

  const bypassPaths = [
    "/dashboard/",
    "//dashboard",
    "/dashboard//",
    "/DASHBOARD",
    "/Dashboard",
    "/%64ashboard",
    "/%2Fdashboard",
    "/dashboard%2F",
    "/dashboard%2Fx",
    "/_next/../dashboard",
    "/_next/%2E%2E/dashboard",
    "/static/..%2Fdashboard",
    "/dashboard.",
    "/dashboard..",
    "/dashboard.json",
    "/dashboard.rsc",
    "/dashboard?_rsc=1",
    "/dashboard;x",
    "/admin/",
    "/admin%2F",
    "/ADMIN",
    "/api/me/",
    "/api//me",
    "/api/%6de",
    "/API/ME",
    "/api/me.json",
    "/favicon.ico/../dashboard",
    "/api/auth/../../dashboard",
    "/_next/data/build/dashboard.json",
  ];
  for (const path of bypassPaths) {
    cases.push({ group: "bypass", name: `signed-out GET ${path}`, path, signedOut: true });
  }
  const subrequest = "middleware:middleware:middleware:middleware:middleware";
  for (const path of protectedPaths) {
    for (const value of [subrequest, "middleware", "src/middleware", "pages/_middleware"]) {
      cases.push({
        group: "bypass",
        name: `x-middleware-subrequest: ${value} on ${path}`,
        path,
        headers: { "x-middleware-subrequest": value },
        signedOut: true,
      });
    }
    cases.push({
      group: "bypass",
      name: `RSC request (rsc: 1, next-router-prefetch) on ${path}`,
      path,
      headers: { rsc: "1", "next-router-prefetch": "1", "next-router-state-tree": "%5B%22%22%5D" },
      signedOut: true,
    });
    cases.push({
      group: "bypass",
      name: `x-invoke-path / x-matched-path headers on ${path}`,
      path: "/",
      headers: { "x-invoke-path": path, "x-matched-path": path, "x-middleware-rewrite": path },
      signedOut: true,
    });
  }
  // Personalised answers, as a browser asks for them (pages, RSC fetches, prefetches, APIs).
  const personal: [string, string, Record<string, string>][] = [
    ["/", valid, {}],
    ["/dashboard", valid, {}],
    ["/dashboard", valid, { rsc: "1" }],
    ["/dashboard", valid, { rsc: "1", "next-router-prefetch": "1" }],
    ["/admin", validAdmin, {}],
    ["/signin", valid, {}],
    ["/forbidden", valid, {}],
    ["/api/me", valid, {}],
    ["/api/token", valid, {}],
    ["/api/auth/session", valid, {}],
  ];
  for (const [path, token, headers] of personal) {
    cases.push({
      group: "cache",
      name: `signed-in GET ${path}${Object.keys(headers).length ? ` (${Object.keys(headers).join(", ")})` : ""}`,
      path,
      headers: { ...headers, cookie: `${name}=${token}` },
      signedOut: false,
      personalised: true,
    });
  }
  cases.push({ group: "cache", name: "signed-out GET / (the layout reads the session)", path: "/", signedOut: true, personalised: true });

  for (const method of ["HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]) {
    for (const path of protectedPaths) {
      cases.push({ group: "method", name: `signed-out ${method} ${path}`, method, path, signedOut: true });
    }
  }
  cases.push(
    { group: "method", name: "TRACE-like X-HTTP-Method-Override on /api/me", method: "POST", path: "/api/me", headers: { "x-http-method-override": "GET" }, signedOut: true },
    { group: "method", name: "HEAD /api/auth/session with a forged cookie", method: "HEAD", path: "/api/auth/session", headers: { cookie: `${name}=${wrongSecret}` }, signedOut: true },
    { group: "method", name: "GET /api/auth/session with an expired cookie", path: "/api/auth/session", headers: { cookie: `${name}=${expired}` }, signedOut: true },
    { group: "method", name: "GET /api/auth/callback/credentials", path: "/api/auth/callback/credentials", signedOut: true },
    { group: "method", name: "unknown Auth.js action", path: "/api/auth/nonsense", signedOut: true },
    { group: "method", name: "unknown provider callback", path: "/api/auth/callback/nonsense?code=x&state=y", signedOut: true },
  );
  cases.push(...inputCases(ctx, valid), ...(ctx.signInLimit === false ? [] : limitCases(ctx)));
  return cases;
}

/**
 * Auth.js's own inputs, hostile: callback URLs it would throw on (a 500 from its config check),
 * session cookies under names that merely start with the session cookie's, and forwarding
 * headers a client sends along with a matching Origin. Each must read as signed out, or be
 * ignored, on every reader alike.
 */
function inputCases(ctx: CaseContext, valid: string): HostileCase[] {
  const { cookieName: name } = ctx;
  const session = `${name}=${valid}`;
  const half = Math.floor(valid.length / 2);
  const cases: HostileCase[] = [];
  const endpoints = ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers", "/api/auth/signin"];
  for (const bad of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "not a url"]) {
    for (const path of endpoints) {
      cases.push({ group: "input", name: `callbackUrl=${bad} on ${path}`, path: `${path}?callbackUrl=${encodeURIComponent(bad)}`, signedOut: true });
      cases.push({
        group: "input",
        name: `callback-url cookie ${bad} on ${path}, signed in`,
        path,
        headers: { cookie: `${session}; authjs.callback-url=${encodeURIComponent(bad)}` },
        signedOut: false,
        clears: "authjs.callback-url",
      });
    }
  }
  const signIn = { email: "demo@example.com", password: "demo-password", csrfToken: ctx.csrf.token };
  cases.push(
    {
      group: "input",
      name: "sign-in POST with callbackUrl=javascript: in the query",
      method: "POST",
      path: `/api/auth/callback/credentials?callbackUrl=${encodeURIComponent("javascript:alert(1)")}`,
      headers: { ...FORM, cookie: ctx.csrf.cookie },
      body: formBody(signIn),
      signedOut: false,
    },
    {
      group: "input",
      name: "sign-in POST with callbackUrl=javascript: in the form",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { ...FORM, cookie: ctx.csrf.cookie },
      body: formBody({ ...signIn, callbackUrl: "javascript:alert(1)" }),
      signedOut: false,
    },
    {
      group: "input",
      name: "sign-in POST with a javascript: callback-url cookie",
      method: "POST",
      path: "/api/auth/callback/credentials",
      headers: { ...FORM, cookie: `${ctx.csrf.cookie}; authjs.callback-url=${encodeURIComponent("javascript:alert(1)")}` },
      body: formBody(signIn),
      signedOut: false,
      clears: "authjs.callback-url",
    },
  );
  // One rule for session cookie names: the name, or `.0`, `.1`, …; anything else is no session.
  const foreign: [string, string][] = [
    ["a valid token under authjs.session-token-x", `${name}-x=${valid}`],
    ["a valid token under authjs.session-tokenx", `${name}x=${valid}`],
    ["a valid token in chunks .00 and .1x", `${name}.00=${valid.slice(0, half)}; ${name}.1x=${valid.slice(half)}`],
    ["a valid token in chunks .-0 and .+1", `${name}.-0=${valid.slice(0, half)}; ${name}.+1=${valid.slice(half)}`],
  ];
  for (const [label, cookie] of foreign) {
    for (const path of ["/dashboard", "/api/me", "/api/token", "/api/auth/session"]) {
      cases.push({ group: "input", name: `${label} on ${path}`, path, headers: { cookie }, signedOut: true });
    }
  }
  // Forwarding headers Auth.js builds its own URL from when AUTH_URL is unset: garbage reads as nothing worse than signed out.
  const garbage: Record<string, string>[] = [{ "x-forwarded-host": "bad host/%%" }, { "x-forwarded-proto": "javascript" }, { "x-forwarded-host": "", "x-forwarded-proto": "" }];
  for (const headers of garbage) {
    for (const path of ["/api/auth/session", "/api/auth/csrf", "/dashboard", "/api/token"]) {
      cases.push({ group: "input", name: `${JSON.stringify(headers)} on ${path}, signed in`, path, headers: { ...headers, cookie: session }, signedOut: false });
    }
  }
  // "Our origin" never comes from a forwarding header the client sent.
  const forgedHosts: Record<string, string>[] = [
    { "x-forwarded-host": "evil.example" },
    { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", forwarded: "host=evil.example" },
  ];
  for (const forwarded of forgedHosts) {
    cases.push({
      group: "input",
      name: `DELETE /api/sessions from https://evil.example with ${Object.keys(forwarded).join(", ")}: evil.example`,
      method: "DELETE",
      path: "/api/sessions",
      headers: { ...forwarded, origin: "https://evil.example", cookie: session },
      signedOut: false,
      // With database sessions the JWT is no session, and middleware refuses before the route.
      status: ctx.databaseSessions ? 401 : 403,
    });
  }
  return cases;
}

/** Past the per-account limit: one more attempt than it allows. */
const OVER_LIMIT = 11;

/**
 * Password guessing dressed so that a limiter reading the request beside Auth.js would miss it.
 * Each row guesses at its own account, so no row's count reaches another's; unknown accounts are
 * counted like real ones (the limit must not tell them apart).
 */
function limitCases(ctx: CaseContext): HostileCase[] {
  const path = "/api/auth/callback/credentials";
  const times = <T>(make: (i: number) => T): T[] => Array.from({ length: OVER_LIMIT }, (_, i) => make(i));
  const form = (fields: [string, string][]) => new URLSearchParams([["csrfToken", ctx.csrf.token], ...fields]).toString();
  const forgedIp = (i: number): Record<string, string> => {
    const headers: Record<string, string> = {
      "x-forwarded-for": `203.0.113.${i}`,
      "x-real-ip": `198.51.100.${i}`,
      "cf-connecting-ip": `192.0.2.${i}`,
      forwarded: `for=192.0.2.${100 + i}`,
    };
    if (ctx.platformClientIpHeader) delete headers[ctx.platformClientIpHeader];
    return headers;
  };
  // Where the platform's header is trusted, each row is one client of its own (as Cloudflare would
  // report it), so the per-IP count of earlier rows does not refuse this row's guesses for it.
  let client = 0;
  const row = (name: string, headers: Record<string, string>, attempts: NonNullable<HostileCase["attempts"]>): HostileCase => {
    const platform: Record<string, string> = ctx.platformClientIpHeader ? { [ctx.platformClientIpHeader]: `198.18.0.${++client}` } : {};
    return {
      group: "limit",
      name,
      method: "POST",
      path,
      headers: { cookie: ctx.csrf.cookie, ...headers, ...platform },
      signedOut: true,
      attempts: attempts.map((a) => (a.headers ? { ...a, headers: { ...a.headers, ...platform } } : a)),
    };
  };
  return [
    row("guesses with the e-mail repeated, a fresh decoy first and the victim last", FORM, times((i) => ({
      body: form([["email", `decoy-${i}@example.com`], ["email", "limit-duplicate@example.com"], ["password", `guess-${i}`]]),
    }))),
    row("guesses with the password repeated, the real guess last", FORM, times((i) => ({
      body: form([["email", "limit-password-twice@example.com"], ["password", "decoy"], ["password", `guess-${i}`]]),
    }))),
    row("guesses as JSON", { "content-type": "application/json" }, times((i) => ({
      body: JSON.stringify({ csrfToken: ctx.csrf.token, email: "limit-json@example.com", password: `guess-${i}` }),
    }))),
    row("guesses as JSON with the e-mail key repeated", { "content-type": "application/json" }, times((i) => ({
      body: `{"csrfToken":"${ctx.csrf.token}","email":"decoy-${i}@example.com","email":"limit-json-twice@example.com","password":"guess-${i}"}`,
    }))),
    row("guesses with the e-mail in another case and padded each time", FORM, times((i) => ({
      body: form([["email", `${" ".repeat(i)}LIMIT-Case@Example.com`], ["password", `guess-${i}`]]),
    }))),
    row("guesses from a forged client IP each time", FORM, times((i) => ({
      headers: { ...FORM, cookie: ctx.csrf.cookie, ...forgedIp(i) },
      body: form([["email", "limit-forged-ip@example.com"], ["password", `guess-${i}`]]),
    }))),
    {
      group: "limit",
      // KV keys are at most 512 bytes: an e-mail that long must be a sign-in error, not a 500.
      name: "a 600-byte e-mail",
      method: "POST",
      path,
      headers: { ...FORM, cookie: ctx.csrf.cookie },
      body: form([["email", `${"a".repeat(588)}@example.com`], ["password", "guess"]]),
      signedOut: true,
    },
  ];
}

/** The requests a case sends: itself, or one per entry of `attempts`. */
export function requestsOf(c: HostileCase): HostileCase[] {
  if (!c.attempts) return [c];
  return c.attempts.map(({ body, headers }) => ({ ...c, attempts: undefined, body: body ?? c.body, headers: headers ?? c.headers }));
}

/** For a brute-force row, its last answer must be the limit's refusal. */
export function checkLimit(c: HostileCase, last: { status: number; headers: Headers; body: string }): Violation[] {
  if (!c.attempts || isLimited(last)) return [];
  return [{ kind: "limit-bypass", detail: `attempt ${c.attempts.length} answered ${last.status} ${last.headers.get("location") ?? last.body.slice(0, 200)}` }];
}

/** The sign-in limit refused this answer: 429 from the route, or Auth.js's own report of it. */
function isLimited(response: { status: number; headers: Headers; body: string }): boolean {
  if (response.status === 429) return true;
  const target = response.headers.get("location") ?? /"url":"([^"]+)"/.exec(response.body)?.[1] ?? "";
  return target.includes("code=TooManyAttempts");
}

/** What a response must never show, whatever the request. */
export interface Violation {
  kind: "5xx" | "stack" | "protected-content" | "off-site-redirect" | "cacheable" | "limit-bypass" | "wrong-status" | "version-leak" | "bad-cookie-kept";
  detail: string;
}

// Markers only a signed-in (or admin) answer carries, from the pages and /api/me.
const PROTECTED_MARKERS = [/data-testid="user-email"/, /Only the admin role sees this page/, /"user":\{/];
const STACK = /\n\s+at .+:\d+:\d+|\bTypeError\b|\bReferenceError\b|node_modules\//;

export function checkResponse(
  c: HostileCase,
  response: { status: number; headers: Headers; body: string },
  origin: string,
  /** In-process only: middleware let the request through to a protected route. */
  passedThroughToProtected = false,
): Violation[] {
  const violations: Violation[] = [];
  if (response.status >= 500) violations.push({ kind: "5xx", detail: `status ${response.status}` });
  if (c.status !== undefined && response.status !== c.status) violations.push({ kind: "wrong-status", detail: `status ${response.status}, expected ${c.status}` });
  // No version hints: `X-Powered-By`, or a `Server` header naming a version.
  const leak = response.headers.get("x-powered-by") ?? /\d+\.\d+/.exec(response.headers.get("server") ?? "")?.input;
  if (leak) violations.push({ kind: "version-leak", detail: leak });
  if (c.clears && !response.headers.getSetCookie().some((line) => line.startsWith(`${c.clears}=;`) && /max-age=0/i.test(line))) {
    violations.push({ kind: "bad-cookie-kept", detail: `${c.clears} not cleared` });
  }
  if (STACK.test(response.body)) violations.push({ kind: "stack", detail: response.body.slice(0, 300) });
  if (c.signedOut && (passedThroughToProtected || PROTECTED_MARKERS.some((marker) => marker.test(response.body)))) {
    violations.push({ kind: "protected-content", detail: `status ${response.status}: ${response.body.slice(0, 200)}` });
  }
  // Nor may such a request be handed a session: a cookie is as good as the page.
  const issued = response.headers.getSetCookie().find((line) => /^(__Secure-)?authjs\.session-token(\.\d+)?=[^;]/.test(line));
  if (c.signedOut && !c.holdsSession && issued) violations.push({ kind: "protected-content", detail: `session cookie issued: ${issued.slice(0, 60)}…` });
  for (const target of [response.headers.get("location"), response.headers.get("x-middleware-rewrite")]) {
    if (target && !isSameOrigin(target, origin)) violations.push({ kind: "off-site-redirect", detail: target });
  }
  if (c.personalised) {
    const cacheControl = response.headers.get("cache-control") ?? "";
    if (!/\bno-store\b/.test(cacheControl) || /\b(public|s-maxage)\b/.test(cacheControl)) {
      violations.push({ kind: "cacheable", detail: `status ${response.status}, Cache-Control: ${cacheControl || "(none)"}` });
    }
  }
  // A redirect carried inside the body (the Auth.js JSON API answers { url }).
  const bodyUrl = /"url":"([^"]+)"/.exec(response.body)?.[1];
  if (bodyUrl && !isSameOrigin(bodyUrl, origin)) violations.push({ kind: "off-site-redirect", detail: `body url ${bodyUrl}` });
  return violations;
}

function isSameOrigin(target: string, origin: string): boolean {
  try {
    return new URL(target, origin).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** Counts for the suite's report line. */
export class HostileTally {
  tried = 0;
  counts: Record<Violation["kind"], number> = {
    "5xx": 0,
    stack: 0,
    "protected-content": 0,
    "off-site-redirect": 0,
    cacheable: 0,
    "limit-bypass": 0,
    "wrong-status": 0,
    "version-leak": 0,
    "bad-cookie-kept": 0,
  };

  record(violations: Violation[]): void {
    this.tried += 1;
    for (const v of violations) this.counts[v.kind] += 1;
  }

  summary(target: string): string {
    const c = this.counts;
    return `hostile input on ${target}: ${this.tried} cases, ${c["5xx"]} 5xx, ${c.stack} stack traces, ${c["protected-content"]} bypasses, ${c["off-site-redirect"]} off-site redirects, ${c.cacheable} cacheable personalised answers, ${c["limit-bypass"]} sign-in limit bypasses, ${c["wrong-status"]} wrong statuses, ${c["version-leak"]} version leaks, ${c["bad-cookie-kept"]} bad cookies kept`;
  }
}

/** A CSRF token and its cookie, as a real client would hold them. */
export async function csrfPair(origin: string): Promise<{ cookie: string; token: string }> {
  const response = await fetch(new URL("/api/auth/csrf", origin));
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("authjs.csrf-token="));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: (cookie ?? "").split(";")[0] ?? "", token: csrfToken };
}

/**
 * A request with the path exactly as written: fetch would normalize `/_next/../dashboard` and
 * `//dashboard` first, as browsers do, but an attacker's client need not.
 */
export function sendRaw(origin: string, c: HostileCase): Promise<{ status: number; headers: Headers; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: c.method ?? "GET", path: c.path, headers: c.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    // A request that hangs is a failure, not a wait: nothing here may take seconds.
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer within 10 s: ${c.path}`)));
    req.on("error", reject);
    req.end(c.body);
  });
}
