import type { NextAuthConfig } from "next-auth";

import type { AnyConfig, Feature } from "../../lib/features";

import { createAuthMiddleware } from "./auth-middleware";
import { createJwtCodec } from "./jwt-codec";
import { renderRead } from "./render-read";

/** The bench measures these pieces one by one (bench/lib, bench/codec). */
export { createAuthMiddleware, createJwtCodec, renderRead };
export { decode, encode } from "./jwt-codec";
export { readSession, settleConfig } from "./session-read";

/** The template's codec on a config, with its `session` lifetimes; a `jwt` the config sets itself wins. */
export function withJwtCodec(config: NextAuthConfig): NextAuthConfig {
  return { ...config, jwt: { ...createJwtCodec(config.session), ...config.jwt } };
}

/**
 * The fast JWT session read: middleware and `auth()` share one read as a function call
 * (session-read.ts) instead of a request to Auth.js, and the codec (jwt-codec.ts) mints and
 * reads Auth.js's own token format at a fraction of the cost. Without it: next-auth's own read.
 */
export function fastRead(): Feature {
  return {
    name: "fast-read",
    config: (config: AnyConfig) => (typeof config === "function" ? async (request) => withJwtCodec(await config(request)) : withJwtCodec(config)),
    read: { middleware: createAuthMiddleware, render: renderRead },
  };
}
