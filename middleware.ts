import NextAuth from "next-auth";

import { traceConfig } from "@/lib/trace";

import { authConfig } from "./auth.config";
import { parseAuthEnv, readProcessEnv } from "./lib/env";
import { withSecurityHeaders, type EdgeMiddleware } from "./lib/security-headers";
import { withoutEchoedSessionCookies } from "./lib/session-cookie-echo";
import { selectSessionStrategy } from "./lib/session-strategy";

/**
 * Route protection at the edge from the edge-safe config alone: the `authorized` callback in
 * `auth.config.ts` decides. Built from `authConfig`, never from `auth.ts`, so nothing that
 * needs Node can reach the middleware bundle; with AUTH_SESSION_STRATEGY=database it reads the
 * session row from D1, which is a binding, not a socket.
 */
// `auth` is overloaded (RSC, route wrapper, middleware); this picks its middleware form.
const authMiddleware = NextAuth(traceConfig(selectSessionStrategy(authConfig), "middleware")).auth as unknown as EdgeMiddleware;

// A stale page or prefetch response must not put back a session that update() or sign-out replaced.
const jwtSessions = parseAuthEnv(readProcessEnv()).sessionStrategy === "jwt";

export default withSecurityHeaders(jwtSessions ? withoutEchoedSessionCookies(authMiddleware) : authMiddleware);

export const config = {
  // Everything but static files and the Auth.js endpoints, which check their own input.
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
