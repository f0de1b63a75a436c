import NextAuth from "next-auth";

import { authConfig } from "./auth.config";
import { selectSessionStrategy } from "./lib/session-strategy";

/**
 * Route protection at the edge from the edge-safe config alone: the `authorized` callback in
 * `auth.config.ts` decides. Built from `authConfig`, never from `auth.ts`, so nothing that
 * needs Node can reach the middleware bundle; with AUTH_SESSION_STRATEGY=database it reads the
 * session row from D1, which is a binding, not a socket.
 */
export default NextAuth(selectSessionStrategy(authConfig)).auth;

export const config = {
  // Everything but static files and the Auth.js endpoints, which check their own input.
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
