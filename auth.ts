import NextAuth, { type Session } from "next-auth";
import { cache } from "react";

import { authConfig, features } from "./auth.config";
import { authEnv } from "./lib/env";
import { configFor } from "./lib/features";
import { renderRead } from "./lib/render-read";
import { selectSessionStrategy } from "./lib/session-strategy";

/**
 * The full Auth.js instance for route handlers, server components and server actions.
 * With JWT sessions it needs nothing beyond the edge config, so it runs on the edge runtime too;
 * AUTH_SESSION_STRATEGY=database adds the D1 adapter (lib/session-strategy.ts).
 */
const { sessionStrategy } = authEnv();
const config = configFor(selectSessionStrategy(authConfig, sessionStrategy), features, "app");
const nextAuth = NextAuth(config);

export const { handlers, signIn, signOut, unstable_update } = nextAuth;

/**
 * One session read per server render: the layout and the page both call `auth()`, and React's
 * `cache` (scoped to one request) hands the page the layout's answer. JWT sessions: the shared
 * read (lib/render-read.ts); database sessions: Auth.js's, which holds the adapter.
 * @see https://react.dev/reference/react/cache
 */
export const auth = cache(sessionStrategy === "jwt" ? renderRead(config) : (nextAuth.auth as () => Promise<Session | null>));
