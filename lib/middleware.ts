import NextAuth from "next-auth";

import { authConfig, features } from "../auth.config";
import { withCleanInput, withLocalRewrites } from "./auth-middleware";
import { authEnv } from "./env";
import { configFor, middlewareFor, sessionReadFor } from "./features";
import { withSecurityHeaders, type EdgeMiddleware } from "./security-headers";
import { withSessionHandoff } from "./session-handoff";
import { withTokenRefresh } from "./token-refresh";

/**
 * The template's middleware (middleware.ts's default export): route protection at the edge from
 * the edge-safe config alone, the `authorized` callback in auth.config.ts deciding. Built from
 * `authConfig`, never from auth.ts, so nothing that needs Node can reach the middleware bundle.
 *
 * Provider access tokens are refreshed here and only here (lib/token-refresh.ts), and the
 * refreshed cookie is handed to the page or route of the same request (lib/session-handoff.ts).
 */
const config = configFor(withTokenRefresh(authConfig, authEnv()), features, "middleware");
// next-auth's own middleware (`auth` is overloaded; this is its middleware form), unless a
// feature brings its own read (lib/features.ts `read`), which may hand configs back to it.
const authJs = NextAuth(config).auth as unknown as EdgeMiddleware;
const read = sessionReadFor(features);
const authMiddleware = withLocalRewrites(read ? read.middleware(config, authJs) : authJs);

/**
 * What runs around Auth.js's answer, innermost first: the session hand-off (a refreshed session
 * reaches the page or route of this same request, as its cookie), each feature's step, then the
 * security headers and Cache-Control: private, no-store (every matched page reads the session).
 */
const chain = middlewareFor(withSessionHandoff(authMiddleware), features);
// On next-auth's read, lib/auth-input.ts's rules first: everything after (and the render) sees the cleaned request.
export const middleware = withSecurityHeaders(read ? chain : withCleanInput(chain));
