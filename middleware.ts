import NextAuth from "next-auth";

import { traceConfig } from "@/lib/trace";

import { authConfig } from "./auth.config";

/**
 * Route protection at the edge from the edge-safe config alone: the `authorized` callback in
 * `auth.config.ts` decides. Built from `authConfig`, never from `auth.ts`, so nothing that
 * needs Node or a database can reach the middleware bundle.
 */
export default NextAuth(traceConfig(authConfig, "middleware")).auth;

export const config = {
  // Everything but static files and the Auth.js endpoints, which check their own input.
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};
