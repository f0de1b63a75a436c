import NextAuth, { type Session } from "next-auth";
import { headers } from "next/headers";
import { cache } from "react";

import { authConfig, features } from "./auth.config";
import { configFor } from "./lib/features";
import { parseAuthEnv, readProcessEnv } from "./lib/env";
import { readSession, settleConfig } from "./lib/session-read";
import { selectSessionStrategy } from "./lib/session-strategy";

/**
 * The full Auth.js instance for route handlers, server components and server actions.
 * With JWT sessions it needs nothing beyond the edge config, so it runs on the edge runtime too;
 * AUTH_SESSION_STRATEGY=database adds the D1 adapter (lib/session-strategy.ts).
 */
const { sessionStrategy } = parseAuthEnv(readProcessEnv());
const config = configFor(selectSessionStrategy(authConfig, sessionStrategy), features, "app");
const nextAuth = NextAuth(config);

export const { handlers, signIn, signOut, unstable_update } = nextAuth;

/**
 * A JWT session read in a server component or route handler: the same read middleware makes
 * (lib/session-read.ts: decode, `jwt`, `session`), as a function call instead of a request to
 * Auth.js. Its cookie changes are dropped, as next-auth's `auth()` drops them: a render cannot
 * set cookies, and middleware already set them on this request's response.
 */
const settle = settleConfig(config);
async function readJwtSession(): Promise<Session | null> {
  return (await readSession(await headers(), await settle())).session;
}

/**
 * One session read per server render: the layout and the page both call `auth()`, and React's
 * `cache` (scoped to one request) hands the page the layout's answer instead of reading twice.
 * Outside a render (route handlers, tests) it calls straight through. Database sessions read
 * through Auth.js (`nextAuth.auth`), which holds the adapter.
 * @see https://react.dev/reference/react/cache
 */
export const auth = cache(sessionStrategy === "jwt" ? readJwtSession : (nextAuth.auth as () => Promise<Session | null>));
