import type { NextAuthConfig } from "next-auth";

import { mapConfig, type Feature } from "../../lib/features";

import { createAuthMiddleware } from "./auth-middleware";
import { createJwtCodec } from "./jwt-codec";
import { renderRead } from "./render-read";

/** The template's codec on a config, with its `session` lifetimes; a `jwt` the config sets itself wins. */
function withJwtCodec(config: NextAuthConfig): NextAuthConfig {
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
    config: (config) => mapConfig(config, withJwtCodec),
    read: { middleware: createAuthMiddleware, render: renderRead },
  };
}
