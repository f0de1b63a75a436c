/**
 * Whether a state-changing request comes from the app's own pages, by its `Origin` header
 * (browsers always send it on POST, PUT, PATCH and DELETE). "Our origin" is AUTH_URL's when set,
 * else the `Host` the request was sent to: a browser cannot forge either for a cross-site page.
 * Never a forwarding header (`X-Forwarded-Host`): a client may send it along with a matching
 * `Origin`. Behind a proxy that rewrites `Host`, set AUTH_URL.
 */
export function isSameOrigin(headers: Headers, authUrl: string | undefined): boolean {
  const origin = headers.get("origin");
  if (!origin) return false;
  try {
    const from = new URL(origin);
    if (authUrl) return from.origin === new URL(authUrl).origin;
    const host = headers.get("host");
    return host !== null && from.host === host.toLowerCase();
  } catch {
    return false;
  }
}
