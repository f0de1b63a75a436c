import { createActionURL } from "@auth/core";
import type { NextAuthConfig } from "next-auth";
import { NextRequest } from "next/server";

/**
 * The inputs of Auth.js that a client (or a sibling subdomain planting cookies) controls, and
 * the one rule each reader of them follows: Auth.js's route (app/api/auth), the shared session
 * read (middleware and `auth()`), the session hand-off and `/api/token`.
 *
 * - Session cookie names: the name itself, or its chunks `.0`, `.1`, … Auth.js's own reader
 *   takes every name that merely starts with the session cookie's (`authjs.session-token-x`,
 *   `.00`), so two readers disagreed about which cookies make a session. Here such names are
 *   not a session anywhere: they are dropped before Auth.js sees them.
 * - Forwarding headers: without AUTH_URL, Auth.js builds its URL from `x-forwarded-host` and
 *   `x-forwarded-proto` and throws (a 500) when they make no http(s) URL. Here such headers
 *   are dropped before next-auth's read (a feature's read may read it as signed out).
 * - Callback URLs: Auth.js's config check refuses a `callbackUrl` query parameter or
 *   callback-URL cookie that is not an http(s) URL by throwing, which its route answers with a
 *   500, again on every request while the cookie stays. Here the parameter is dropped (Auth.js
 *   then uses its default) and the cookie is dropped and cleared.
 * @see https://authjs.dev/getting-started/session-management/protecting
 */

const SESSION_COOKIE = "authjs.session-token";
const CALLBACK_URL_COOKIE = "authjs.callback-url";

/** Whether `name` is the session cookie `base` or one of its chunks (`base.0`, `base.1`, …). */
export function isSessionCookie(name: string, base: string): boolean {
  if (name === base) return true;
  return name.startsWith(`${base}.`) && /^(?:0|[1-9]\d{0,2})$/.test(name.slice(base.length + 1));
}

/** Any session cookie name on either scheme (`__Secure-` over https). */
export function isAnySessionCookie(name: string): boolean {
  return isSessionCookie(name, SESSION_COOKIE) || isSessionCookie(name, `__Secure-${SESSION_COOKIE}`);
}

/** As Auth.js's check: an absolute http(s) URL, or a path on `base`. */
export function isHttpUrl(url: string, base: string): boolean {
  try {
    return /^https?:$/.test(new URL(url, url.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

/** A cookie Auth.js must not see (its value decoded): a foreign name posing as the session, or a callback URL it would throw on. */
function isRefused(name: string, value: string, base: string): boolean {
  const bare = name.startsWith("__Secure-") ? name.slice("__Secure-".length) : name;
  if (bare === CALLBACK_URL_COOKIE) return !isHttpUrl(value, base);
  return bare.startsWith(SESSION_COOKIE) && !isAnySessionCookie(name);
}

/** Clears a refused cookie (host-only: a cookie set for a parent domain can only be ignored). */
function clearing(name: string): string {
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") ? "; Secure" : ""}`;
}

/** For a reader that already parsed the cookies (the shared session read): what to clear. */
export function refusedCookieClears(cookies: Record<string, string | undefined>, origin: string): string[] {
  return Object.entries(cookies).flatMap(([name, value]) => (isRefused(name, value ?? "", origin) ? [clearing(name)] : []));
}

/** The cookie library's decoding: percent-escapes when there are any and they are valid. */
function decodeCookieValue(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface CleanedInput {
  /** The Cookie header without the refused pairs. */
  cookie: string;
  /** Set-Cookie lines that clear each refused cookie. */
  clear: string[];
}

/** The Cookie header as Auth.js may read it, and what to clear. `origin` resolves relative callback URLs. */
export function cleanCookieHeader(header: string, origin: string): CleanedInput {
  const kept: string[] = [];
  const clear = new Set<string>();
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    const name = (separator < 0 ? part : part.slice(0, separator)).trim();
    const value = separator < 0 ? "" : part.slice(separator + 1).trim();
    if (name && isRefused(name, decodeCookieValue(value), origin)) {
      clear.add(clearing(name));
    } else if (part.trim()) {
      kept.push(part.trim());
    }
  }
  return { cookie: kept.join("; "), clear: [...clear] };
}

/**
 * Where Auth.js reads a session, as next-auth's `auth()` builds it: AUTH_URL, else the forwarded
 * or actual host, over x-forwarded-proto (else `protocol`). Its protocol decides the cookie names
 * (`__Secure-` over https) for every reader. Undefined when the headers make no URL.
 */
export function sessionUrl(headers: Headers, config: Pick<NextAuthConfig, "basePath" | "logger"> = {}, protocol = "https"): URL | undefined {
  try {
    return createActionURL("session", protocol, headers, process.env, config);
  } catch {
    return undefined;
  }
}

/** Whether Auth.js can build its URL from the request (it reads the forwarding headers only without AUTH_URL). */
function buildsAuthUrl(headers: Headers): boolean {
  if (process.env.AUTH_URL ?? process.env.NEXTAUTH_URL) return true;
  return /^https?:$/.test(sessionUrl(headers)?.protocol ?? "");
}

/** The headers as next-auth's own session read may see them (null: nothing to remove), and what to clear. */
export function cleanReadHeaders(request: NextRequest): { headers: Headers | null; clear: string[] } {
  const { cookie, clear } = cleanCookieHeader(request.headers.get("cookie") ?? "", request.nextUrl.origin);
  const badForwarding = !buildsAuthUrl(request.headers);
  if (clear.length === 0 && !badForwarding) return { headers: null, clear };
  const headers = new Headers(request.headers);
  if (cookie) headers.set("cookie", cookie);
  else headers.delete("cookie");
  if (badForwarding) for (const name of ["x-forwarded-host", "x-forwarded-proto"]) headers.delete(name);
  return { headers, clear };
}

/**
 * The request as Auth.js may read it: refused cookies and a non-http `callbackUrl` parameter
 * removed. The request itself when there is nothing to remove (no copy on the common path).
 */
export async function cleanAuthRequest(request: Request): Promise<{ request: NextRequest; clear: string[] }> {
  const url = new URL(request.url);
  const callbackUrl = url.searchParams.get("callbackUrl");
  const badParam = callbackUrl !== null && !isHttpUrl(callbackUrl, url.origin);
  const { cookie, clear } = cleanCookieHeader(request.headers.get("cookie") ?? "", url.origin);
  if (!badParam && clear.length === 0 && request instanceof NextRequest) return { request, clear };

  if (badParam) url.searchParams.delete("callbackUrl");
  const headers = new Headers(request.headers);
  if (cookie) headers.set("cookie", cookie);
  else headers.delete("cookie");
  // Spelled out: under `next start`'s edge sandbox, `new NextRequest(request, init)` lost the method.
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return { request: new NextRequest(url, { method: request.method, headers, body }), clear };
}
