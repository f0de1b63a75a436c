import NextAuth from "next-auth";
import { cache } from "react";

import { traceConfig } from "@/lib/trace";

import { authConfig } from "./auth.config";
import { parseAuthEnv, readProcessEnv } from "./lib/env";
import { selectSessionStrategy } from "./lib/session-strategy";

/**
 * The full Auth.js instance for route handlers, server components and server actions.
 * With JWT sessions it needs nothing beyond the edge config, so it runs on the edge runtime too;
 * AUTH_SESSION_STRATEGY=database adds the D1 adapter (lib/session-strategy.ts).
 */
const { sessionStrategy } = parseAuthEnv(readProcessEnv());
const nextAuth = NextAuth(traceConfig(selectSessionStrategy(authConfig, sessionStrategy), "app"));

export const { handlers, signIn, signOut, unstable_update } = nextAuth;

/**
 * One session read per server render: the layout and the page both call `auth()`, and React's
 * `cache` (scoped to one request) hands the page the layout's answer instead of running a
 * second Auth.js read. Outside a render (route handlers, tests) it calls straight through.
 * @see https://react.dev/reference/react/cache
 */
export const auth = cache(nextAuth.auth);
