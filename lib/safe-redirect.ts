/**
 * The `redirect` callback's rule: stay on this origin. `new URL(url, base)` resolves the
 * tricks (`//evil.example`, `/\evil.example`, `https:evil.example`, `javascript:`) the way
 * browsers do, so comparing origins afterwards catches them all.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return base.href;
  }
  return target.origin === base.origin ? target.href : base.href;
}

/**
 * A path on this site from a `callbackUrl` that may be absolute (middleware sends the full
 * URL): keeps only path and query, so no input can point elsewhere.
 */
export function toLocalPath(value: string | undefined, fallback: string): string {
  if (!value) return fallback;
  try {
    const url = new URL(value, "http://local.invalid");
    return url.protocol === "http:" || url.protocol === "https:" ? `${url.pathname}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}
