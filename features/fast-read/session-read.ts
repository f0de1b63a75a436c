import { setEnvDefaults as setCoreEnvDefaults } from "@auth/core";
import { AuthError, JWTSessionError, MissingSecret, UntrustedHost } from "@auth/core/errors";
import { decode as stockDecode, encode as stockEncode, type JWT } from "@auth/core/jwt";
import { parse as parseCookies, serialize as serializeCookie, type SerializeOptions } from "cookie";
import type { NextAuthConfig, Session } from "next-auth";
import type { NextRequest } from "next/server";

import { isSessionCookie, refusedCookieClears, sessionUrl as authJsSessionUrl } from "../../lib/auth-input";
import type { AnyConfig } from "../../lib/features";
import { SESSION_MAX_AGE_SECONDS } from "../../lib/session-lifetime";

/**
 * The JWT session read that middleware (lib/auth-middleware.ts) and `auth()` (auth.ts) share:
 * what Auth.js runs for `GET /api/auth/session`, called as a function instead of through a
 * `Request` to Auth.js and a `Response` back. Same steps, same order, same arguments:
 * cookie (chunks joined) → `jwt.decode` → `jwt` callback (no `trigger`) → `session` callback
 * (with next-auth's server-side wrapper) → `jwt.encode` → the session cookie, chunked, with the
 * new expiry; a token that does not decode, or any error, clears the cookie and reads as
 * signed out. Configs Auth.js itself refuses (untrusted host, no secret) read as signed out, as
 * Auth.js's error answer does. Cookies follow lib/auth-input.ts, as Auth.js's route does here:
 * chunks are `.0`, `.1`, … only, and a callback-URL cookie Auth.js would throw on is ignored
 * and cleared instead of failing the read.
 *
 * What it leaves out, because a read does not use it: the CSRF and callback-URL cookies that
 * Auth.js's `init` issues on every request (the endpoints that check them issue their own), and
 * with them the `redirect` callback, which Auth.js runs there to vet the callback-URL cookie.
 * One more difference, on purpose: a session cookie whose value is the one the request carried
 * is not sent back. jwt-codec.ts hands back the incoming token while nothing changed, so
 * the echo would only move the cookie's expiry, and the browser keeps whichever Set-Cookie
 * arrives last: a request that left with the old cookie (a `<Link>` prefetch, a navigation)
 * and is answered after `update()` or sign-out would put the old session back (seen in the
 * browser suite on `next start`, next-auth#8897). A re-minted token (a changed claim, or one
 * older than `updateAge`) is sent, and with it the new expiry.
 *
 * session-read-equivalence.test.ts compares it with `Auth()` on random
 * tokens, claims, times and cookies. Database sessions still go through Auth.js (auth.ts).
 * @see https://authjs.dev/getting-started/session-management/get-session
 */

export interface SessionRead {
  /** What `auth()` returns: the `session` callback's result, or null when signed out. */
  session: Session | null;
  /** Set-Cookie lines for the session cookie: a re-minted token (new expiry) or the clearing of a bad one. */
  setCookies: string[];
}

/** The config as Auth.js builds it: an object, or a function of the request (lib/features.ts). */
export type ReadConfig = AnyConfig;

/** A config with next-auth's environment defaults applied, ready for reads. */
export interface SettledConfig {
  config: NextAuthConfig;
  logError: (error: Error) => void;
}

const SIGNED_OUT: SessionRead = { session: null, setCookies: [] };

/** Auth.js chunks a session cookie into 3,936-character parts (4,096 bytes less its estimate of the attributes). */
const CHUNK_SIZE = 4096 - 160;

/**
 * Settles the config when NextAuth() would: an object once, here; a lazy one (tracing) on
 * every call, with the request it is for (none in a server component).
 */
export function settleConfig(config: ReadConfig): (request?: NextRequest) => Promise<SettledConfig> {
  if (typeof config !== "function") {
    const settled = withNextAuthDefaults(config);
    return () => Promise.resolve(settled);
  }
  return async (request) => withNextAuthDefaults(await config(request));
}

/**
 * The one rule that keeps the core strategy-agnostic: a config with an adapter (a feature added
 * it) keeps sessions in a database, and next-auth reads those itself; the shared read knows JWTs.
 */
export function readsWithAdapter({ config }: SettledConfig): boolean {
  return config.adapter !== undefined;
}

/** What next-auth's `setEnvDefaults` adds (secret, basePath, trustHost from the environment), on a copy. */
function withNextAuthDefaults(config: NextAuthConfig): SettledConfig {
  const copy: NextAuthConfig = { ...config };
  copy.secret ??= process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  const url = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  if (!copy.basePath && url) {
    try {
      const { pathname } = new URL(url);
      if (pathname !== "/") copy.basePath = pathname;
    } catch {
      // As next-auth: an unparsable AUTH_URL leaves the default below (lib/env.ts refuses it at start anyway).
    }
  }
  copy.basePath ||= "/api/auth";
  setCoreEnvDefaults(process.env, copy, true);
  return { config: copy, logError: copy.logger?.error ?? logAuthError };
}

export async function readSession(headers: Headers, settled: SettledConfig): Promise<SessionRead> {
  const { config, logError } = settled;
  const origin = sessionUrl(headers, settled);
  if (!origin) return SIGNED_OUT;
  const refusal = configRefusal(config, origin);
  if (refusal) {
    logError(refusal);
    return SIGNED_OUT;
  }
  // Parsed once; foreign session-cookie names are left out by readChunks' rule.
  const cookies = parseCookies(headers.get("cookie") ?? "");
  const clear = refusedCookieClears(cookies, origin.origin);
  const useSecureCookies = config.useSecureCookies ?? origin.protocol === "https:";

  // Auth.js's default session cookie, with what the config overrides merged in.
  const custom = config.cookies?.sessionToken;
  const sessionCookie = {
    name: custom?.name ?? `${useSecureCookies ? "__Secure-" : ""}authjs.session-token`,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure: useSecureCookies, ...custom?.options } as SerializeOptions,
  };
  const chunks = readChunks(cookies, sessionCookie.name);
  const incoming = joinChunks(chunks);
  if (!incoming) return { session: null, setCookies: clear };

  const maxAge = config.session?.maxAge ?? SESSION_MAX_AGE_SECONDS;
  const jwt = {
    secret: config.secret as string | string[],
    maxAge,
    encode: stockEncode,
    decode: stockDecode,
    ...config.jwt,
  };
  const salt = sessionCookie.name;
  const cleared = () => [...clear, ...[...chunks.keys()].map((name) => serializeCookie(name, "", { ...sessionCookie.options, maxAge: 0 }))];

  try {
    const payload = await jwt.decode({ ...jwt, token: incoming, salt });
    if (!payload) throw new Error("Invalid JWT");
    // Auth.js passes `session` (undefined on a read) and no `trigger`; its default `jwt` returns the token.
    const token: JWT | null = config.callbacks?.jwt ? await config.callbacks.jwt({ token: payload, session: undefined } as never) : payload;
    if (token === null) return { session: null, setCookies: cleared() };

    const expires = new Date(Date.now() + maxAge * 1000);
    const defaults = { user: { name: token.name, email: token.email, image: token.picture }, expires: expires.toISOString() };
    const session = await serverSideSession(config, { session: defaults, token });
    const minted = await jwt.encode({ ...jwt, token, salt });
    const setCookies = [...clear, ...chunkCookies(chunks, minted, sessionCookie, expires)];
    await emitSessionEvent(config, { session, token }, logError);
    return { session, setCookies };
  } catch (error) {
    // Auth.js's errors take the cause as their message argument; the types only admit a string.
    logError(new JWTSessionError(error as string));
    return { session: null, setCookies: cleared() };
  }
}

/**
 * Where Auth.js would be asked for the session (lib/auth-input.ts's rule, which decides the cookie
 * names). With AUTH_URL set it depends on nothing in the request, so it is worked out once per
 * config and value.
 */
const envSessionUrls = new WeakMap<SettledConfig, { env: string; url: URL }>();
function sessionUrl(headers: Headers, settled: SettledConfig): URL | undefined {
  const env = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  const known = envSessionUrls.get(settled);
  if (env && known?.env === env) return known.url;
  const url = authJsSessionUrl(headers, settled.config);
  if (env && url) envSessionUrls.set(settled, { env, url });
  return url;
}

/** The checks of Auth.js's `assertConfig` that can fail on a session read; Auth.js answers them with an error, i.e. no session. */
function configRefusal(config: NextAuthConfig, origin: URL): AuthError | undefined {
  if (!config.trustHost) return new UntrustedHost(`Host must be trusted. URL was: ${origin.href}`);
  if (!config.secret?.length) return new MissingSecret("Please define a `secret`");
  return undefined;
}

/** The session cookie and its chunks (lib/auth-input.ts), as Auth.js's SessionStore collects them. */
function readChunks(cookies: Record<string, string | undefined>, name: string): Map<string, string> {
  const chunks = new Map<string, string>();
  for (const [key, value] of Object.entries(cookies)) {
    if (isSessionCookie(key, name) && value) chunks.set(key, value);
  }
  return chunks;
}

function joinChunks(chunks: Map<string, string>): string {
  const suffix = (key: string) => parseInt(key.split(".").pop() || "0");
  return [...chunks.keys()]
    .sort((a, b) => suffix(a) - suffix(b))
    .map((key) => chunks.get(key))
    .join("");
}

/** The new token in chunks; chunks the request had and the new token does not need are cleared. */
function chunkCookies(
  previous: Map<string, string>,
  token: string,
  cookie: { name: string; options: SerializeOptions },
  expires: Date,
): string[] {
  const parts = new Map<string, string>();
  for (const name of previous.keys()) parts.set(name, "");
  const count = Math.ceil(token.length / CHUNK_SIZE);
  if (count === 1) parts.set(cookie.name, token);
  else for (let i = 0; i < count; i++) parts.set(`${cookie.name}.${i}`, token.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
  return [...parts]
    .filter(([name, value]) => value === "" || previous.get(name) !== value)
    .map(([name, value]) => serializeCookie(name, value, value === "" ? { ...cookie.options, maxAge: 0 } : { ...cookie.options, expires }));
}

type SessionParams = { session: { user: { name?: string | null; email?: string | null; image?: string | null }; expires: string }; token: JWT };

/**
 * next-auth's server-side `session` callback: the app's callback (or Auth.js's default), with
 * the token as `user` unless the callback returned its own.
 */
async function serverSideSession(config: NextAuthConfig, params: SessionParams): Promise<Session> {
  const shaped: object = (await config.callbacks?.session?.(params as never)) ?? { ...params.session };
  return { user: params.token, ...shaped } as unknown as Session;
}

async function emitSessionEvent(config: NextAuthConfig, message: { session: Session; token: JWT }, logError: (error: Error) => void) {
  try {
    await config.events?.session?.(message as never);
  } catch (error) {
    logError(error as Error);
  }
}

/** Auth.js's default error logger, first lines: the error's type and message, then its cause. */
function logAuthError(error: Error): void {
  const name = error instanceof AuthError ? error.type : error.name;
  console.error(`[auth][error] ${name}: ${error.message}`);
  const cause: unknown = error.cause;
  if (cause && typeof cause === "object" && "err" in cause && cause.err instanceof Error) console.error("[auth][cause]:", cause.err.stack);
}
