import NextAuth from "next-auth";

import { traceConfig } from "@/lib/trace";

import { authConfig } from "./auth.config";
import { parseAuthEnv, readProcessEnv } from "./lib/env";
import { withSecurityHeaders, type EdgeMiddleware } from "./lib/security-headers";
import { withoutEchoedSessionCookies } from "./lib/session-cookie-echo";
import { withSessionHandoff } from "./lib/session-handoff";
import { selectSessionStrategy } from "./lib/session-strategy";
import { withTokenRefresh } from "./lib/token-refresh";

/**
 * Route protection at the edge from the edge-safe config alone: the `authorized` callback in
 * `auth.config.ts` decides. Built from `authConfig`, never from `auth.ts`, so nothing that
 * needs Node can reach the middleware bundle; with AUTH_SESSION_STRATEGY=database it reads the
 * session row from D1, which is a binding, not a socket.
 *
 * Provider access tokens are refreshed here and only here (lib/token-refresh.ts), and the
 * refreshed cookie is handed to the page or route of the same request (lib/session-handoff.ts).
 */
const env = parseAuthEnv(readProcessEnv());
const jwtSessions = env.sessionStrategy === "jwt";
// AUTH_TOKEN_REFRESH=guide leaves both out, to show the race of Auth.js's guide (lib/token-refresh.ts).
const coordinated = jwtSessions && env.tokenRefresh === "coordinated";

// `auth` is overloaded (RSC, route wrapper, middleware); this picks its middleware form.
const authMiddleware = NextAuth(traceConfig(selectSessionStrategy(coordinated ? withTokenRefresh(authConfig, env) : authConfig), "middleware"))
  .auth as unknown as EdgeMiddleware;

// A stale page or prefetch response must not put back a session that update() or sign-out replaced.
const withoutEchoes = jwtSessions ? withoutEchoedSessionCookies(authMiddleware) : authMiddleware;
export default withSecurityHeaders(coordinated ? withSessionHandoff(withoutEchoes) : withoutEchoes);

export const config = {
  // Everything but static files and the Auth.js endpoints, which check their own input; except
  // /api/auth/session (what useSession() reads and update() posts), so its reads meet the same
  // refresh as every other request instead of refreshing beside it.
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)", "/api/auth/session"],
};
