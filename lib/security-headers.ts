import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";

/**
 * Response headers for every route, on both targets (next.config.ts `headers()` is compiled
 * into the Vercel build output that next-on-pages also serves).
 *
 * CSP: Next.js App Router streams its RSC payload in inline `<script>` tags, so without a
 * per-request nonce (which would make every page dynamic) `script-src` needs 'unsafe-inline';
 * `next dev` also needs 'unsafe-eval'. `form-action` is left open because an OAuth sign-in form
 * posts here and is redirected to the provider, which Chromium checks against `form-action`.
 * HSTS is ignored by browsers on http responses (RFC 6797 §8.1), so it is safe to send always.
 * @see https://nextjs.org/docs/app/guides/content-security-policy
 */
export function securityHeaders(development: boolean): { key: string; value: string }[] {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  ];
}

export type EdgeMiddleware = (request: NextRequest, event: NextFetchEvent) => Promise<Response | null | undefined | void>;

/**
 * Every path middleware matches is personalised: the site layout reads the session, so even
 * `/` differs for a signed-in visitor. Under `next start`, edge-runtime pages were answered
 * with no `Cache-Control` at all, which lets a shared cache keep one user's page for the next.
 * A route that sets its own (the API routes, Auth.js) keeps it.
 */
export const PERSONALISED_CACHE_CONTROL = "private, no-store";

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
