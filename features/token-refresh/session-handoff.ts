import { NextResponse } from "next/server";

import { isAnySessionCookie } from "../../lib/auth-input";
import type { EdgeMiddleware } from "../../lib/security-headers";

export interface CookieChange {
  name: string;
  /** Undefined when the Set-Cookie line clears the cookie (empty value or Max-Age=0). */
  value: string | undefined;
}

/** The session-cookie changes in a response's Set-Cookie lines, in order. */
export function sessionCookieChanges(setCookies: readonly string[]): CookieChange[] {
  return setCookies.flatMap((line) => {
    const [pair = "", ...attributes] = line.split(";");
    const separator = pair.indexOf("=");
    if (separator < 0) return [];
    const name = pair.slice(0, separator).trim();
    if (!isAnySessionCookie(name)) return [];
    const value = pair.slice(separator + 1).trim();
    const cleared = value === "" || attributes.some((attribute) => /^\s*max-age\s*=\s*0\s*$/i.test(attribute));
    return [{ name, value: cleared ? undefined : value }];
  });
}

/** The request's Cookie header with the changes applied, as the browser will send it next time. */
export function applyCookieChanges(cookieHeader: string | null, changes: readonly CookieChange[]): string {
  const cookies = new Map<string, string>();
  for (const part of (cookieHeader ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0) cookies.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim());
  }
  for (const { name, value } of changes) {
    if (value === undefined) cookies.delete(name);
    else cookies.set(name, value);
  }
  return [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

/**
 * Hands the render the session middleware just wrote, as the session cookie itself. Auth.js's
 * middleware sets a refreshed (or otherwise re-minted) cookie on the response only, so the
 * page's `auth()` in the same request still reads the old one and refreshes again
 * (next-auth#11853). Overriding the request's Cookie header for the render
 * (`NextResponse.next({ request: { headers } })`) makes both agree. Nothing else is passed: no
 * header the render would trust, so a forged header or a request that skips middleware
 * (CVE-2025-29927) carries at most a cookie, which is checked like any other.
 */
export function withSessionHandoff(middleware: EdgeMiddleware): EdgeMiddleware {
  return async (request, event) => {
    const response = await middleware(request, event);
    // Only for requests that go on to a render; redirects and middleware's own answers render nothing.
    if (!response || response.headers.get("x-middleware-next") !== "1") return response;
    const setCookies = response.headers.getSetCookie();
    const changes = sessionCookieChanges(setCookies).filter(({ name, value }) => request.cookies.get(name)?.value !== value);
    if (changes.length === 0) return response;

    const headers = new Headers(request.headers);
    headers.set("cookie", applyCookieChanges(request.headers.get("cookie"), changes));
    const handoff = NextResponse.next({ request: { headers } });
    for (const [name, value] of response.headers) {
      if (name !== "set-cookie" && !name.startsWith("x-middleware-")) handoff.headers.set(name, value);
    }
    for (const line of setCookies) handoff.headers.append("set-cookie", line);
    return handoff;
  };
}
