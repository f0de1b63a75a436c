/**
 * The one rule for every redirect built from input a visitor controls: the sign-in page's
 * `callbackUrl`, and the Auth.js `redirect` callback (sign-in, sign-out, error pages).
 *
 * Input is resolved as a browser resolves a `Location` (the WHATWG URL parser), which undoes
 * the tricks (`//evil.example`, `/\evil.example`, `https:evil.example`, `javascript:`) before
 * the origin is compared. Parsing is not the end of it: `/.//evil.example` parses to the
 * pathname `//evil.example`, which a browser reads as another host when sent as a path. So the
 * result is a path that starts with exactly one `/` and holds no `\`, built after parsing.
 */
export function safeRedirectPath(input: string | undefined, fallback: string, origin?: string): string {
  if (!input) return fallback;
  // Without an origin any http(s) URL is accepted, but only its path is kept: it cannot leave.
  const base = new URL(origin ?? "http://local.invalid");
  let target: URL;
  try {
    target = new URL(input, base);
  } catch {
    return fallback;
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return fallback;
  if (origin !== undefined && target.origin !== base.origin) return fallback;
  const path = `/${target.pathname.replace(/^[/\\]+/, "")}${target.search}${target.hash}`;
  return path.replaceAll("\\", "%5C");
}

/** The `redirect` callback's rule: an absolute URL on `baseUrl`'s origin, else its root. */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const { origin } = new URL(baseUrl);
  return new URL(safeRedirectPath(url, "/", origin), origin).href;
}
