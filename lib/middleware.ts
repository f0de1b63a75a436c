import NextAuth from "next-auth";

import { authConfig, features } from "../auth.config";
import { createAuthMiddleware, withLocalRewrites } from "./auth-middleware";
import { authMiddlewareFor, configFor, middlewareFor } from "./features";
import { withSecurityHeaders, type EdgeMiddleware } from "./security-headers";

/**
 * The template's middleware (middleware.ts's default export): route protection at the edge from
 * the edge-safe config alone, the `authorized` callback in auth.config.ts deciding. Built from
 * `authConfig`, never from auth.ts, so nothing that needs Node can reach the middleware bundle.
 */
const config = configFor(authConfig, features, "middleware");
// The shared read (lib/session-read.ts); a config with an adapter goes to next-auth's own
// middleware, whose read goes through the adapter (`auth` is overloaded; this is its middleware form).
const authMiddleware = withLocalRewrites(createAuthMiddleware(config, NextAuth(config).auth as unknown as EdgeMiddleware));

/**
 * What runs around Auth.js's answer, innermost first: the features' steps that must see it as it
 * is (handing a refreshed cookie to this request's render, say), each feature's
 * step, then the security headers and Cache-Control: private, no-store (every matched page reads the session).
 */
export const middleware = withSecurityHeaders(middlewareFor(authMiddlewareFor(authMiddleware, features), features));
