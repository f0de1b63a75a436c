import NextAuth from "next-auth";

import { authConfig, features } from "../auth.config";
import { createAuthMiddleware } from "./auth-middleware";
import { authEnv } from "./env";
import { authMiddlewareFor, configFor, middlewareFor } from "./features";
import { withSecurityHeaders, type EdgeMiddleware } from "./security-headers";
import { selectSessionStrategy } from "./session-strategy";

/**
 * The template's middleware (middleware.ts's default export): route protection at the edge from
 * the edge-safe config alone, the `authorized` callback in auth.config.ts deciding. Built from
 * `authConfig`, never from auth.ts, so nothing that needs Node can reach the middleware bundle;
 * with AUTH_SESSION_STRATEGY=database it reads the session row from D1, a binding, not a socket.
 */
const env = authEnv();
const jwtSessions = env.sessionStrategy === "jwt";
const config = configFor(selectSessionStrategy(authConfig, env.sessionStrategy), features, "middleware");
// JWT sessions: Auth.js's middleware on the read `auth()` shares (lib/session-read.ts). Database
// sessions: next-auth's own, whose read goes through the adapter (`auth` is overloaded; this is its middleware form).
const authMiddleware = jwtSessions ? createAuthMiddleware(config) : (NextAuth(config).auth as unknown as EdgeMiddleware);

/**
 * What runs around Auth.js's answer, innermost first: the features' steps that must see it as it
 * is (handing a refreshed cookie to this request's render, say), each feature's
 * step, then the security headers and Cache-Control: private, no-store (every matched page reads the session).
 */
export const middleware = withSecurityHeaders(middlewareFor(authMiddlewareFor(authMiddleware, features), features));
