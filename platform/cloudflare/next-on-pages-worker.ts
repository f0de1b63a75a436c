import nextOnPages from "@cloudflare/next-on-pages/fetch-handler";

import { PERSONALISED_CACHE_CONTROL, securityHeaders } from "../../lib/response-headers";

/**
 * The Cloudflare worker `next-on-pages` builds (Pages and `wrangler deploy`), wrapped once
 * through its `--custom-entrypoint` option. Its router drops every header set before it
 * rewrites a React Server Components request (`RSC: 1`, each client-side navigation and
 * prefetch) to `/page.rsc`: that route is an `override`, which resets the headers collected so
 * far, middleware's included (routes-matcher.ts `applyRouteOverrides`). Seen here: signed-in
 * `/dashboard` fetched with `RSC: 1` came back with no `Cache-Control` and no security headers.
 * So they are set again on the way out: the security headers on every response, as
 * next.config.ts does for `next start`, and `Cache-Control: private, no-store` on the
 * personalised kinds (pages, RSC payloads, JSON) when the route did not set its own.
 */
const PERSONALISED_TYPES = /^(text\/html|text\/x-component|application\/json)\b/;

const worker = {
  async fetch(request: Request, env: unknown, context: unknown): Promise<Response> {
    const answer = await nextOnPages.fetch(request, env, context);
    // A copy: responses from the asset and function layers may carry immutable headers.
    const response = new Response(answer.body, answer);
    for (const { key, value } of securityHeaders(false)) response.headers.set(key, value);
    const type = response.headers.get("content-type") ?? "";
    if (!response.headers.has("cache-control") && PERSONALISED_TYPES.test(type)) {
      response.headers.set("cache-control", PERSONALISED_CACHE_CONTROL);
    }
    return response;
  },
};

export default worker;
