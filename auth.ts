import NextAuth, { type Session } from "next-auth";
import { cache } from "react";

import { authConfig, features } from "./auth.config";
import { configFor } from "./lib/features";
import { renderRead } from "./lib/render-read";

/**
 * The full Auth.js instance for route handlers, server components and server actions, from the
 * edge config and what the features add (an adapter, with database sessions).
 */
const config = configFor(authConfig, features, "app");
const nextAuth = NextAuth(config);

export const { handlers, signIn, signOut, unstable_update } = nextAuth;

/**
 * One session read per server render: the layout and the page both call `auth()`, and React's
 * `cache` (scoped to one request) hands the page the layout's answer. JWT sessions: the shared
 * read (lib/render-read.ts); with an adapter: Auth.js's own.
 * @see https://react.dev/reference/react/cache
 */
export const auth = cache(renderRead(config, nextAuth.auth as () => Promise<Session | null>));
