import { decode as stockDecode, encode as stockEncode, type JWT } from "@auth/core/jwt";
import { parse as parseCookies } from "cookie";
import fc from "fast-check";
import type { NextAuthConfig } from "next-auth";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { cleanAuthRequest, isAnySessionCookie } from "@/lib/auth-input";
import type { EdgeMiddleware } from "@/lib/security-headers";

import { asJson, claimsArbitrary, flipBit, JWE_PARTS } from "../../test/support/jwt";

/**
 * The shared session read (session-read.ts) and the middleware built on it
 * (auth-middleware.ts) against next-auth on `Auth()`, the path they replace: random
 * tokens (stock- or template-minted, any age, current, retired or unknown secret, tampered,
 * chunked, garbage), claims, clocks and cookie headers (duplicates, foreign cookies, a
 * callback-URL cookie good or bad, https or not) go through both with the same config, the
 * middleware's (with token refresh) and the app's. They must produce the same session and
 * set the same session cookies; next-auth's echo of an unchanged cookie is the one thing the
 * new path leaves out on purpose (session-read.ts says why), so it is dropped from the
 * reference before comparing. The middleware must decide the same: status, redirect,
 * rewrite, pass-through, body. Next-auth is given the request as the template's Auth.js route
 * hands it over (lib/auth-input.ts: foreign session-cookie names and a callback-URL cookie it
 * would throw on taken out), so "the same" means the same as the template's own endpoints.
 */

const SECRET = "equivalence-secret-at-least-thirty-two-characters";
const RETIRED = "retired-secret-still-listed-at-least-thirty-two-chars";
const UNKNOWN = "unknown-secret-never-configured-thirty-two-chars";
const DAY = 24 * 60 * 60;
const NOW = Date.parse("2026-11-30T12:00:00Z");

type Read = typeof import("./session-read");
type Handler = (request: NextRequest) => Promise<Response>;

interface Subjects {
  settled: { app: Awaited<ReturnType<ReturnType<Read["settleConfig"]>>> };
  readSession: Read["readSession"];
  reference: { app: (request: Request, response: Response) => Promise<unknown>; middleware: Handler };
  middleware: Handler;
}

async function load(env: Record<string, string | undefined>): Promise<Subjects> {
  vi.resetModules();
  vi.stubEnv("AUTH_SECRET", SECRET);
  vi.stubEnv("AUTH_SECRET_1", RETIRED);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { default: NextAuth } = await import("next-auth");
  const { authConfig, features } = await import("@/auth.config");
  const { configFor } = await import("@/lib/features");
  const { createAuthMiddleware } = await import("./auth-middleware");
  const { readSession, settleConfig } = await import("./session-read");
  // The two configs the template builds, with each feature's hooks: middleware.ts's and auth.ts's.
  const instance = async (name: "app" | "middleware") => {
    const config = configFor(authConfig, features, name);
    return typeof config === "function" ? config() : config;
  };
  const [appConfig, middlewareConfig] = [await instance("app"), await instance("middleware")];
  const reference = (config: NextAuthConfig) => NextAuth({ ...config }).auth as unknown as (...args: unknown[]) => Promise<unknown>;
  return {
    settled: { app: await settleConfig(appConfig)() },
    readSession,
    reference: {
      // Not a Request, so next-auth takes its API-route form: the session, cookies on `response`.
      app: (request, response) => reference(appConfig)({ headers: request.headers }, response),
      middleware: (request) => reference(middlewareConfig)(request) as Promise<Response>,
    },
    middleware: createAuthMiddleware(middlewareConfig, reference(middlewareConfig) as unknown as EdgeMiddleware) as unknown as Handler,
  };
}

/** A token as some app version minted it: stock or template codec, at some age, under some secret. */
const tokenArbitrary = fc.record({
  claims: fc.record({
    name: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    email: fc.option(fc.constantFrom("demo@example.com", "admin@example.com", "someone@example.org"), { nil: undefined }),
    picture: fc.option(fc.webUrl(), { nil: undefined }),
    id: fc.option(fc.constantFrom("user-demo", "user-admin", "github:42"), { nil: undefined }),
    role: fc.option(fc.constantFrom("user", "admin", "root"), { nil: undefined }),
    sessionVersion: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    extra: fc.option(claimsArbitrary, { nil: undefined }),
    // Pushes the token past one cookie (3,936 characters): Auth.js then chunks it.
    padding: fc.option(fc.constant(5000), { nil: undefined, freq: 6 }),
  }),
  codec: fc.constantFrom("stock", "template"),
  secret: fc.constantFrom(SECRET, SECRET, RETIRED, UNKNOWN),
  ageSeconds: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2 * DAY }), fc.integer({ min: 29 * DAY, max: 31 * DAY })),
  damage: fc.constantFrom("none", "none", "none", "flip", "truncate", "garbage"),
  secure: fc.boolean(),
});

const cookieHeaderArbitrary = fc.record({
  token: tokenArbitrary,
  duplicate: fc.option(fc.constantFrom("before", "after"), { nil: undefined, freq: 5 }),
  foreign: fc.array(fc.tuple(fc.constantFrom("theme", "authjs.csrf-token", "_ga", "authjs.session-token-extra"), fc.stringMatching(/^[\w.|-]{0,30}$/)), { maxLength: 3 }),
  callbackUrl: fc.option(fc.constantFrom("http://localhost:3000/dashboard", "/dashboard", "javascript:alert(1)", "not a url"), { nil: undefined, freq: 4 }),
  path: fc.constantFrom("/dashboard", "/admin", "/api/me", "/", "/signin", "/api/admin/users", "/api/auth/session"),
  forwardedProto: fc.constantFrom(undefined, "http", "https"),
});

type Case = typeof cookieHeaderArbitrary extends fc.Arbitrary<infer T> ? T : never;

async function mint(token: Case["token"], cookieName: string): Promise<string> {
  const { claims, codec, secret, ageSeconds } = token;
  const { extra, padding, ...named } = claims;
  const payload = asJson({ ...extra, ...named, ...(padding && { padding: "x".repeat(padding) }), sub: named.id }) as JWT;
  vi.setSystemTime(NOW - ageSeconds * 1000);
  const { encode } = codec === "stock" ? { encode: stockEncode } : await import("./jwt-codec");
  const minted = await encode({ token: payload, secret, salt: cookieName, maxAge: 30 * DAY });
  vi.setSystemTime(NOW);
  switch (token.damage) {
    case "flip":
      return flipBit(minted, JWE_PARTS.ciphertext, ageSeconds);
    case "truncate":
      return minted.slice(0, -5);
    case "garbage":
      return "not-a-token";
    default:
      return minted;
  }
}

/** The Cookie header a browser could send for the case: the token whole or in chunks, and the rest. */
async function cookieHeader(input: Case, secureByUrl: boolean): Promise<string> {
  const secure = secureByUrl;
  const name = `${secure ? "__Secure-" : ""}authjs.session-token`;
  const token = await mint(input.token, name);
  const pairs: string[] = [];
  if (token.length > 3936) {
    for (let i = 0; i * 3936 < token.length; i++) pairs.push(`${name}.${i}=${token.slice(i * 3936, (i + 1) * 3936)}`);
  } else {
    pairs.push(`${name}=${token}`);
  }
  if (input.duplicate === "before") pairs.unshift(`${name}=stale-duplicate`);
  if (input.duplicate === "after") pairs.push(`${name}=stale-duplicate`);
  for (const [key, value] of input.foreign) pairs.push(`${key}=${value}`);
  if (input.callbackUrl) pairs.push(`${secure ? "__Secure-" : ""}authjs.callback-url=${encodeURIComponent(input.callbackUrl)}`);
  return pairs.join("; ");
}

/**
 * What a list of session Set-Cookie lines does, comparable across two mints: each line with its
 * value shown as "" (cleared) or "<token>", and the claims of the token the chunks join to
 * (a new mint has a fresh IV and `jti`, so equal claims are what "the same cookie" means).
 */
async function cookieEffect(lines: readonly string[]) {
  const shape = lines.map((line) => {
    const separator = line.indexOf("=");
    const rest = line.slice(line.indexOf(";"));
    const value = line.slice(separator + 1, line.indexOf(";"));
    return `${line.slice(0, separator)}=${value === "" ? "" : "<token>"}${rest}`;
  });
  const joined = lines.map((line) => line.slice(line.indexOf("=") + 1, line.indexOf(";"))).join("");
  const name = /^((?:__Secure-)?authjs\.session-token)/.exec(lines[0] ?? "")?.[1];
  if (!joined || !name) return { shape };
  const claims = await stockDecode({ token: joined, secret: [SECRET, RETIRED], salt: name });
  if (claims) delete claims.jti;
  return { shape, claims };
}

/** Session cookies only, without next-auth's echo of the value the request carried. */
function sessionCookiesSet(lines: readonly string[], sent: string): string[] {
  // What Auth.js read: with duplicate names, the first.
  const carried = parseCookies(sent);
  return lines.filter((line) => {
    const pair = line.split(";", 1)[0] ?? "";
    const name = pair.slice(0, pair.indexOf("="));
    const value = pair.slice(pair.indexOf("=") + 1);
    return isAnySessionCookie(name) && !(value !== "" && carried[name] === value);
  });
}

function requestFor(input: Case, cookie: string, origin: string): NextRequest {
  const headers = new Headers({ cookie });
  if (input.forwardedProto) headers.set("x-forwarded-proto", input.forwardedProto);
  return new NextRequest(new URL(input.path, origin), { headers });
}

async function decision(response: Response) {
  return {
    status: response.status,
    location: response.headers.get("location"),
    next: response.headers.get("x-middleware-next"),
    rewrite: response.headers.get("x-middleware-rewrite"),
    body: await response.text(),
  };
}

// Auth.js logs every token it refuses; the property makes hundreds.
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation(() => {});
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterAll(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each([
  ["behind AUTH_URL (http)", { AUTH_URL: "http://localhost:3000" }, "http://localhost:3000", () => false],
  ["with the origin from the request (x-forwarded-proto decides)", { AUTH_URL: undefined }, "http://app.example", (input: Case) => (input.forwardedProto ?? "https") === "https"],
  ["with revocation checking every read", { AUTH_URL: "http://localhost:3000", AUTH_SESSION_CHECK_SECONDS: "0" }, "http://localhost:3000", () => false],
] as const)("the shared session read equals next-auth on Auth(), %s", (_title, env, origin, secureFor) => {
  it("same session, same session cookies, same middleware decision", async () => {
    const subjects = await load(env);
    await fc.assert(
      fc.asyncProperty(cookieHeaderArbitrary, async (input) => {
        const cookie = await cookieHeader(input, secureFor(input as Case));
        // auth.ts's read, against next-auth's auth() (its API-route form hands back the cookies too).
        const cleaned = async () => (await cleanAuthRequest(requestFor(input, cookie, origin))).request;
        const response = new Response();
        const expected = await subjects.reference.app(await cleaned(), response);
        const read = await subjects.readSession(requestFor(input, cookie, origin).headers, subjects.settled.app);
        expect(asJson(read.session)).toEqual(expected);
        expect(await cookieEffect(sessionCookiesSet(read.setCookies, cookie))).toEqual(await cookieEffect(sessionCookiesSet(response.headers.getSetCookie(), cookie)));

        // middleware.ts's, against next-auth's middleware on the same config.
        const reference = await subjects.reference.middleware(await cleaned());
        const answer = await subjects.middleware(requestFor(input, cookie, origin));
        expect(await decision(answer)).toEqual(await decision(reference));
        expect(await cookieEffect(sessionCookiesSet(answer.headers.getSetCookie(), cookie))).toEqual(await cookieEffect(sessionCookiesSet(reference.headers.getSetCookie(), cookie)));
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
