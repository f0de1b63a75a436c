import NextAuth from "next-auth";
import { cache } from "react";

import { authConfig, features } from "./auth.config";
import { configFor, sessionReadFor, type RenderRead } from "./lib/features";

/**
 * The full Auth.js instance for route handlers, server components and server actions, from the
 * edge config and what the features add (an adapter, with database sessions).
 */
const config = configFor(authConfig, features, "app");
const nextAuth = NextAuth(config);

export const { handlers, signIn, signOut, unstable_update } = nextAuth;

/**
 * One session read per server render: the layout and the page both call `auth()`, and React's
 * `cache` (scoped to one request) hands the page the layout's answer. next-auth's own read, unless
 * a feature brings its own (lib/features.ts `read`).
 * @see https://react.dev/reference/react/cache
 */
const authJsRead = nextAuth.auth as RenderRead;
const read = sessionReadFor(features);
export const auth = cache(read ? read.render(config, authJsRead) : authJsRead);
