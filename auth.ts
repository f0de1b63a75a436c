import NextAuth from "next-auth";

import { authConfig } from "./auth.config";
import { selectSessionStrategy } from "./lib/session-strategy";

/**
 * The full Auth.js instance for route handlers, server components and server actions.
 * With JWT sessions it needs nothing beyond the edge config, so it runs on the edge runtime too;
 * AUTH_SESSION_STRATEGY=database adds the D1 adapter (lib/session-strategy.ts).
 */
export const { handlers, auth, signIn, signOut, unstable_update } = NextAuth(selectSessionStrategy(authConfig));
