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

/**
 * Every path middleware matches is personalised: the site layout reads the session, so even
 * `/` differs for a signed-in visitor. Under `next start`, edge-runtime pages were answered
 * with no `Cache-Control` at all, which lets a shared cache keep one user's page for the next.
 * A route that sets its own (the API routes, Auth.js) keeps it. No imports here: next.config.ts
 * and the Cloudflare worker entry (platform/cloudflare/next-on-pages-worker.ts) use these values too.
 */
export const PERSONALISED_CACHE_CONTROL = "private, no-store";

