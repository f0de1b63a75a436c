import { NextResponse } from "next/server";

import type { EdgeMiddleware } from "./security-headers";

/** Auth.js's session cookie: `__Secure-` prefixed over https, `.0`, `.1`… when chunked. */
const SESSION_COOKIE_NAME = /^(?:__Secure-)?authjs\.session-token(?:\.\d+)?$/;

/**
 * True when a Set-Cookie line hands back a session cookie with the very value the request
 * carried: it changes nothing but the cookie's expiry.
 */
export function isEchoedSessionCookie(setCookie: string, sent: (name: string) => string | undefined): boolean {
  const pair = setCookie.split(";", 1)[0] ?? "";
  const separator = pair.indexOf("=");
  if (separator < 0) return false;
  const name = pair.slice(0, separator).trim();
  const value = pair.slice(separator + 1).trim();
  return SESSION_COOKIE_NAME.test(name) && value !== "" && value === sent(name);
}

/**
 * Drops middleware's echo of an unchanged JWT session cookie. Auth.js re-sets the cookie on
 * every session read, and the browser keeps whichever Set-Cookie arrives last: a request that
 * left with the old cookie (a `<Link>` prefetch, a navigation) and is answered after
 * `update()` or sign-out put the old session back. Seen in the browser suite on `next start`:
 * a user still signed in after signing out. The token codec hands back the incoming token while
 * nothing changed (lib/jwt-codec.ts), so such an echo is recognisable; a re-minted token (a
 * changed claim, or older than `updateAge`) is still sent, and with it the new expiry.
 * Not for database sessions, whose cookie keeps its value and is re-sent to move its expiry.
 * @see https://github.com/nextauthjs/next-auth/issues/8897
 */
export function withoutEchoedSessionCookies(middleware: EdgeMiddleware): EdgeMiddleware {
  return async (request, event) => {
    const response = await middleware(request, event);
    if (!response) return response;
    const lines = response.headers.getSetCookie();
    const kept = lines.filter((line) => !isEchoedSessionCookie(line, (name) => request.cookies.get(name)?.value));
    if (kept.length === lines.length) return response;
    // A copy: Auth.js's redirects carry immutable headers.
    const copy = new NextResponse(response.body, response);
    copy.headers.delete("set-cookie");
    for (const line of kept) copy.headers.append("set-cookie", line);
    return copy;
  };
}
