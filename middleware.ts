import NextAuth from "next-auth";

import { traceConfig } from "@/lib/trace";

import { authConfig } from "./auth.config";
import { createAuthMiddleware } from "./lib/auth-middleware";
import { parseAuthEnv, readProcessEnv } from "./lib/env";
import { chainMiddleware } from "./lib/middleware-chain";
import { withSecurityHeaders, type EdgeMiddleware } from "./lib/security-headers";
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
// AUTH_TOKEN_REFRESH=guide leaves refresh and handoff out, to show the race of Auth.js's guide.
const coordinated = jwtSessions && env.tokenRefresh === "coordinated";

const instanceConfig = coordinated ? withTokenRefresh(authConfig, env) : authConfig;
const sessionConfig = traceConfig(selectSessionStrategy(instanceConfig, env.sessionStrategy), "middleware");
// JWT sessions: Auth.js's middleware on the read `auth()` shares (lib/session-read.ts). Database
// sessions: next-auth's own, whose read goes through the adapter (`auth` is overloaded; this is its middleware form).
const authMiddleware = jwtSessions ? createAuthMiddleware(sessionConfig) : (NextAuth(sessionConfig).auth as unknown as EdgeMiddleware);

/** What runs around Auth.js's answer, innermost first: one file in lib/ each. */
export default chainMiddleware(authMiddleware, [
  // A refreshed session reaches the page or route of this same request, as its cookie.
  coordinated && withSessionHandoff,
  // Security headers, and Cache-Control: private, no-store (every matched page reads the session).
  withSecurityHeaders,
]);

export const config = {
  // The edge runtime, Next's default for middleware.ts. The one switch to Node.js is a line here,
  // `runtime: "nodejs",` (docs/deploy.md says where each is better). Edge is the default left
  // unsaid: Next 16 refuses `runtime: "edge"` here and warns on "experimental-edge". Not a
  // proxy.ts: Next runs that on Node.js only, and refuses it beside a middleware.ts.
  // Everything but static files and the Auth.js endpoints, which check their own input; except
  // /api/auth/session (what useSession() reads and update() posts), so its reads meet the same
  // refresh as every other request instead of refreshing beside it.
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)", "/api/auth/session"],
};
