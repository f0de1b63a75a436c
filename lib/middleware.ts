import NextAuth from "next-auth";

import { authConfig, features } from "../auth.config";
import { withCleanInput, withLocalRewrites } from "./auth-middleware";
import { authMiddlewareFor, configFor, middlewareFor, sessionReadFor } from "./features";
import { withSecurityHeaders, type EdgeMiddleware } from "./security-headers";

/**
 * The template's middleware (middleware.ts's default export): route protection at the edge from
 * the edge-safe config alone, the `authorized` callback in auth.config.ts deciding. Built from
 * `authConfig`, never from auth.ts, so nothing that needs Node can reach the middleware bundle.
 */
const config = configFor(authConfig, features, "middleware");
// next-auth's own middleware (`auth` is overloaded; this is its middleware form), unless a
// feature brings its own read (lib/features.ts `read`), which may hand configs back to it.
const authJs = NextAuth(config).auth as unknown as EdgeMiddleware;
const read = sessionReadFor(features);
const authMiddleware = withLocalRewrites(read ? read.middleware(config, authJs) : authJs);

/**
 * What runs around Auth.js's answer, innermost first: the features' steps that must see it as it
 * is (handing a refreshed cookie to this request's render, say), each feature's
 * step, then the security headers and Cache-Control: private, no-store (every matched page reads the session).
 */
const chain = middlewareFor(authMiddlewareFor(authMiddleware, features), features);
// On next-auth's read, lib/auth-input.ts's rules first: everything after (and the render) sees the cleaned request.
export const middleware = withSecurityHeaders(read ? chain : withCleanInput(chain));
