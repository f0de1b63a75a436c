import { NextRequest, NextResponse } from "next/server";

import { authUrlOrigin } from "../../lib/auth-middleware";
import type { EdgeMiddleware } from "../../lib/security-headers";
import { readSession, readsWithAdapter, settleConfig, type ReadConfig } from "./session-read";

/**
 * Auth.js's middleware (`NextAuth(config).auth` used as `middleware.ts`'s default export) for
 * JWT sessions, on the shared read (session-read.ts) instead of a round trip through
 * `Auth()`. What it decides is next-auth's: the `authorized` callback gets `{ request, auth }`;
 * a `Response` it returns is the answer; `false` (or nothing) redirects to `pages.signIn` with
 * `?callbackUrl=` the requested URL, except on the sign-in page itself; anything else lets the
 * request through. The session cookie the read re-minted or cleared goes on every answer.
 * A config with an adapter (database sessions) goes to `authJsMiddleware`, next-auth's own.
 * @see https://authjs.dev/reference/nextjs#authorized
 */
export function createAuthMiddleware(config: ReadConfig, authJsMiddleware: EdgeMiddleware): EdgeMiddleware {
  const settle = settleConfig(config);
  return async (incoming, event) => {
    const request = withEnvUrl(incoming);
    const settled = await settle(request);
    if (readsWithAdapter(settled)) return authJsMiddleware(incoming, event);
    const { session, setCookies } = await readSession(request.headers, settled);
    const { callbacks, pages, basePath } = settled.config;
    const authorized: unknown = callbacks?.authorized ? await callbacks.authorized({ request, auth: session }) : true;

    let response: Response = NextResponse.next();
    if (authorized instanceof Response) {
      response = authorized;
    } else if (!authorized) {
      const signInPage = pages?.signIn ?? `${basePath}/signin`;
      if (request.nextUrl.pathname !== signInPage) {
        const signInUrl = request.nextUrl.clone();
        signInUrl.pathname = signInPage;
        signInUrl.searchParams.set("callbackUrl", request.nextUrl.href);
        response = NextResponse.redirect(signInUrl);
      }
    }
    if (setCookies.length === 0) return response;
    // A copy: a Response the callback built may carry immutable headers.
    const answer = new NextResponse(response.body, response);
    for (const line of setCookies) answer.headers.append("set-cookie", line);
    return answer;
  };
}

/**
 * As next-auth: with AUTH_URL set, the request is seen at that origin (the sign-in redirect and
 * `authorized` use it). Already there, it is the request itself: a copy would only cost time.
 */
function withEnvUrl(request: NextRequest): NextRequest {
  const envOrigin = authUrlOrigin();
  const { href, origin } = request.nextUrl;
  return !envOrigin || envOrigin === origin ? request : new NextRequest(href.replace(origin, envOrigin), request);
}
