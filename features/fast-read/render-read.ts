import type { Session } from "next-auth";
import { headers } from "next/headers";

import type { AnyConfig } from "../../lib/features";
import { readSession, readsWithAdapter, settleConfig } from "./session-read";

/**
 * A JWT session read in a server component or route handler: the same read middleware makes
 * (session-read.ts: decode, `jwt`, `session`), as a function call instead of a request to
 * Auth.js. Its cookie changes are dropped, as next-auth's `auth()` drops them: a render cannot
 * set cookies, and middleware already set them on this request's response. Database sessions
 * (the config has an adapter) are read by `authJsRead`, next-auth's own `auth()`.
 */
export function renderRead(
  config: AnyConfig,
  authJsRead: () => Promise<Session | null>,
  requestHeaders: () => Promise<Headers> = headers,
): () => Promise<Session | null> {
  const settle = settleConfig(config);
  return async () => {
    const settled = await settle();
    return readsWithAdapter(settled) ? authJsRead() : (await readSession(await requestHeaders(), settled)).session;
  };
}
