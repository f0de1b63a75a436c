/**
 * The one place environment variables are read and checked. Each variable is named explicitly
 * because edge bundles inline `process.env.X` at build time and cannot enumerate `process.env`.
 * An empty string counts as unset. Errors name the variable to set.
 *
 * `next.config.ts` runs these checks when `next build` / `next start` begins, so a bad config
 * stops the server instead of failing on the first request.
 *
 * Hand-written, not a schema library: zod would grow the middleware bundle by far more than this
 * file weighs (measured with esbuild), and the pair and secret rules would keep it as long.
 */

export class EnvError extends Error {
  name = "EnvError";
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface AuthEnv {
  /** Newest first; Auth.js encodes with the first and decodes with any of them. */
  secrets: string[];
  demoUsers: boolean;
  github?: OAuthClient;
  google?: OAuthClient;
  oidc?: OAuthClient & { issuer: string; name: string };
}

export type RawEnv = Record<string, string | undefined>;

/** The variables this template reads, each spelled out for the edge bundler. */
export function readProcessEnv(): RawEnv {
  return {
    NODE_ENV: process.env.NODE_ENV,
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUTH_SECRET_1: process.env.AUTH_SECRET_1,
    AUTH_SECRET_2: process.env.AUTH_SECRET_2,
    AUTH_SECRET_3: process.env.AUTH_SECRET_3,
    AUTH_URL: process.env.AUTH_URL,
    AUTH_DEMO_USERS: process.env.AUTH_DEMO_USERS,
    AUTH_GITHUB_ID: process.env.AUTH_GITHUB_ID,
    AUTH_GITHUB_SECRET: process.env.AUTH_GITHUB_SECRET,
    AUTH_GOOGLE_ID: process.env.AUTH_GOOGLE_ID,
    AUTH_GOOGLE_SECRET: process.env.AUTH_GOOGLE_SECRET,
    AUTH_OIDC_ISSUER: process.env.AUTH_OIDC_ISSUER,
    AUTH_OIDC_ID: process.env.AUTH_OIDC_ID,
    AUTH_OIDC_SECRET: process.env.AUTH_OIDC_SECRET,
    AUTH_OIDC_NAME: process.env.AUTH_OIDC_NAME,
    KV_REST_API_URL: process.env.KV_REST_API_URL,
    KV_REST_API_TOKEN: process.env.KV_REST_API_TOKEN,
    UPSTASH_REDIS_REST_URL: process.env.UPSTASH_REDIS_REST_URL,
    UPSTASH_REDIS_REST_TOKEN: process.env.UPSTASH_REDIS_REST_TOKEN,
  };
}

/** The variables as this process has them, parsed once: they do not change while it runs. */
let parsed: AuthEnv | undefined;
export function authEnv(): AuthEnv {
  return (parsed ??= parseAuthEnv(readProcessEnv()));
}

const SECRET_HELP = "generate one with `npm run secret` or `openssl rand -base64 32`";
const MIN_SECRET_LENGTH = 32;

/**
 * Parses and checks the auth variables. `requireSecret` is set where a request could be served
 * (`next start`); builds may run without the runtime secret (Cloudflare injects it per request).
 */
export function parseAuthEnv(raw: RawEnv, { requireSecret = false } = {}): AuthEnv {
  const get = (name: string): string | undefined => {
    const value = raw[name]?.trim();
    return value ? value : undefined;
  };
  const production = get("NODE_ENV") === "production";

  const secrets = ["AUTH_SECRET", "AUTH_SECRET_1", "AUTH_SECRET_2", "AUTH_SECRET_3"].flatMap((name) => {
    const value = get(name);
    if (value && production && value.length < MIN_SECRET_LENGTH) {
      throw new EnvError(`${name} is shorter than ${MIN_SECRET_LENGTH} characters; ${SECRET_HELP}.`);
    }
    return value ? [value] : [];
  });
  if (requireSecret && secrets.length === 0) {
    throw new EnvError(`AUTH_SECRET is not set. It encrypts the session cookie; ${SECRET_HELP}.`);
  }

  const url = get("AUTH_URL");
  if (url && !isHttpUrl(url)) {
    throw new EnvError(`AUTH_URL must be an absolute URL such as https://example.com, got "${url}".`);
  }

  const demo = get("AUTH_DEMO_USERS");
  if (demo !== undefined && demo !== "true" && demo !== "false") {
    throw new EnvError(`AUTH_DEMO_USERS must be "true" or "false", got "${demo}".`);
  }

  const github = readClient(get, "AUTH_GITHUB_ID", "AUTH_GITHUB_SECRET");
  const google = readClient(get, "AUTH_GOOGLE_ID", "AUTH_GOOGLE_SECRET");
  const oidcClient = readClient(get, "AUTH_OIDC_ID", "AUTH_OIDC_SECRET", "AUTH_OIDC_ISSUER");
  let oidc: AuthEnv["oidc"];
  if (oidcClient) {
    const issuer = get("AUTH_OIDC_ISSUER") ?? "";
    if (!isHttpUrl(issuer)) {
      throw new EnvError(`AUTH_OIDC_ISSUER must be the provider's issuer URL, got "${issuer}".`);
    }
    oidc = { ...oidcClient, issuer, name: get("AUTH_OIDC_NAME") ?? "OpenID Connect" };
  }

  // Redis, the store shared features use (platform/upstash/redis.ts): both of a pair, or neither.
  readClient(get, "KV_REST_API_URL", "KV_REST_API_TOKEN");
  readClient(get, "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN");

  return {
    secrets,
    // Demo accounts are on in development and off in production unless asked for.
    demoUsers: demo === undefined ? !production : demo === "true",
    github,
    google,
    oidc,
  };
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

/** A provider is on when all of its variables are set; a partial set is an error, not "off". */
function readClient(
  get: (name: string) => string | undefined,
  idName: string,
  secretName: string,
  ...extra: string[]
): OAuthClient | undefined {
  const names = [idName, secretName, ...extra];
  const missing = names.filter((name) => get(name) === undefined);
  if (missing.length === names.length) return undefined;
  const clientId = get(idName);
  const clientSecret = get(secretName);
  if (missing.length > 0 || clientId === undefined || clientSecret === undefined) {
    const present = names.filter((name) => !missing.includes(name));
    throw new EnvError(`${missing.join(" and ")} must be set too, because ${present.join(" and ")} is set.`);
  }
  return { clientId, clientSecret };
}

/** Refuses to start a server (`next start`, Node) that could not let anyone sign in. */
export function assertCanSignIn(env: AuthEnv): void {
  if (!env.demoUsers && !env.github && !env.google && !env.oidc) {
    throw new EnvError(
      "No sign-in method is configured: set AUTH_GITHUB_ID/AUTH_GITHUB_SECRET, AUTH_GOOGLE_ID/AUTH_GOOGLE_SECRET or AUTH_OIDC_ISSUER/AUTH_OIDC_ID/AUTH_OIDC_SECRET, or AUTH_DEMO_USERS=true.",
    );
  }
}
