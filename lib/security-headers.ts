import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";

import { PERSONALISED_CACHE_CONTROL, securityHeaders } from "./response-headers";

export type EdgeMiddleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response | null | undefined | void>;

/**
 * next-on-pages serves `headers()` from next.config.ts only on responses that skip middleware
 * (seen here on workerd: `/api/auth/csrf` had them, `/` and `/dashboard` did not), so
 * middleware sets them as well, with `Cache-Control` for the personalised responses it
 * passes. A copy, because Auth.js redirects have immutable headers.
 */
export function withSecurityHeaders(middleware: EdgeMiddleware): EdgeMiddleware {
  return async (request, event) => {
    const response = (await middleware(request, event)) ?? NextResponse.next();
    const copy = new NextResponse(response.body, response);
    for (const { key, value } of securityHeaders(process.env.NODE_ENV === "development")) copy.headers.set(key, value);
    if (!copy.headers.has("cache-control")) copy.headers.set("cache-control", PERSONALISED_CACHE_CONTROL);
    return copy;
  };
}
