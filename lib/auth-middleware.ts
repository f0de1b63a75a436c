import { NextRequest, NextResponse } from "next/server";

import { cleanReadHeaders } from "./auth-input";
import type { EdgeMiddleware } from "./security-headers";

/**
 * A rewrite stays on this server. `authorized` sees the request at AUTH_URL's origin (as
 * next-auth does), so a rewrite built from it names AUTH_URL's host; when this request reached
 * another (a preview deployment, a proxy that sets its own Host) Next would proxy the rewrite
 * there over HTTP: another deployment's page, or a 500 when that fetch fails. Wraps either
 * read's middleware (lib/middleware.ts).
 */
export function withLocalRewrites(middleware: EdgeMiddleware): EdgeMiddleware {
  return async (request, event) => {
    const response = await middleware(request, event);
    const target = response?.headers.get("x-middleware-rewrite");
    const envOrigin = authUrlOrigin();
    if (!response || !target || !envOrigin) return response;
    const { origin } = request.nextUrl;
    if (origin === envOrigin || !target.startsWith(`${envOrigin}/`)) return response;
    const answer = new NextResponse(response.body, response);
    answer.headers.set("x-middleware-rewrite", origin + target.slice(envOrigin.length));
    return answer;
  };
}

/**
 * next-auth's own read under lib/auth-input.ts's rules: refused cookies and forwarding headers
 * Auth.js cannot build its URL from are taken off the request before next-auth reads it, in
 * middleware and in the render (`auth()` reads the headers middleware passes on), and refused
 * cookies are cleared on the answer. A feature's own read applies the rules itself.
 */
export function withCleanInput(middleware: EdgeMiddleware): EdgeMiddleware {
  return async (request, event) => {
    const { headers, clear } = cleanReadHeaders(request);
    if (!headers) return middleware(request, event);
    // Spelled out, as lib/auth-input.ts's cleanAuthRequest: the edge sandbox lost the method otherwise.
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    const cleaned = new NextRequest(request.url, { method: request.method, headers, body });
    const response = (await middleware(cleaned, event)) ?? NextResponse.next();
    // A copy: Auth.js's redirects carry immutable headers.
    const answer = new NextResponse(response.body, response);
    for (const line of clear) answer.headers.append("set-cookie", line);
    const passes = answer.headers.has("x-middleware-next") || answer.headers.has("x-middleware-rewrite");
    // A step inside that passes headers on (the session hand-off) built them from the cleaned request.
    if (passes && !answer.headers.has("x-middleware-override-headers")) {
      for (const [name, value] of NextResponse.next({ request: { headers } }).headers) {
        if (name.startsWith("x-middleware-request-") || name === "x-middleware-override-headers") answer.headers.set(name, value);
      }
    }
    return answer;
  };
}

/** AUTH_URL's origin as next-auth reads the variable, parsed once per value rather than on every request. */
let parsedEnvUrl: { url: string; origin: string } | undefined;
export function authUrlOrigin(): string | undefined {
  const url = process.env.AUTH_URL ?? process.env.NEXTAUTH_URL;
  if (!url) return undefined;
  if (parsedEnvUrl?.url !== url) parsedEnvUrl = { url, origin: new URL(url).origin };
  return parsedEnvUrl.origin;
}
