import { NextRequest, NextResponse } from "next/server";

import type { EdgeMiddleware } from "./security-headers";
import { readSession, readsWithAdapter, settleConfig, type ReadConfig } from "./session-read";

/**
 * Auth.js's middleware (`NextAuth(config).auth` used as `middleware.ts`'s default export) for
 * JWT sessions, on the shared read (lib/session-read.ts) instead of a round trip through
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
  const url = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  if (!url) return request;
  const { href, origin } = request.nextUrl;
  const envOrigin = originOf(url);
  return envOrigin === origin ? request : new NextRequest(href.replace(origin, envOrigin), request);
}

/**
 * A rewrite stays on this server. `authorized` sees the request at AUTH_URL's origin (above, as
 * next-auth does), so a rewrite built from it names AUTH_URL's host; when this request reached
 * another (a preview deployment, a proxy that sets its own Host) Next would proxy the rewrite
 * there over HTTP: another deployment's page, or a 500 when that fetch fails. Wraps either
 * read's middleware (lib/middleware.ts).
 */
export function withLocalRewrites(middleware: EdgeMiddleware): EdgeMiddleware {
  return async (request, event) => {
    const response = await middleware(request, event);
    const target = response?.headers.get("x-middleware-rewrite");
    const url = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
    if (!response || !target || !url) return response;
    const envOrigin = originOf(url);
    const { origin } = request.nextUrl;
    if (origin === envOrigin || !target.startsWith(`${envOrigin}/`)) return response;
    const answer = new NextResponse(response.body, response);
    answer.headers.set("x-middleware-rewrite", origin + target.slice(envOrigin.length));
    return answer;
  };
}

/** AUTH_URL's origin, parsed once per value rather than on every request. */
let parsedEnvUrl: { url: string; origin: string } | undefined;
function originOf(url: string): string {
  if (parsedEnvUrl?.url !== url) parsedEnvUrl = { url, origin: new URL(url).origin };
  return parsedEnvUrl.origin;
}
