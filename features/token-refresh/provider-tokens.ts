import { nowInSeconds } from "../../lib/session-lifetime";

declare module "next-auth/jwt" {
  interface JWT {
    /** The provider's access and refresh tokens; stays inside the encrypted token. */
    providerTokens?: ProviderTokens;
    /** Set when the provider refused a refresh for good: the UI asks to sign in again. */
    error?: RefreshError;
  }
}

/**
 * The provider's tokens as the session keeps them: inside the encrypted session token only,
 * never in what the `session` callback returns (so never in `useSession()` or
 * /api/auth/session). Pure rules over plain values; the refresh itself is ./token-refresh.ts.
 * @see https://authjs.dev/guides/refresh-token-rotation
 */
export interface ProviderTokens {
  /** The Auth.js provider id that issued them ("oidc", "google", "github"). */
  provider: string;
  accessToken: string;
  /** Epoch seconds at which the provider says the access token expires. */
  expiresAt: number;
  /** Absent when the provider gave none: the access token then simply expires. */
  refreshToken?: string;
  /** Epoch seconds after which a request refreshes: a little before `expiresAt`, see `refreshAtFor`. */
  refreshAt: number;
  /** Epoch seconds of the last successful refresh; absent until the first. */
  refreshedAt?: number;
}

/** What the session carries when a refresh failed for good: the UI asks to sign in again. */
export type RefreshError = "RefreshTokenError";

/** The most an access token is refreshed ahead of its expiry. */
const MAX_MARGIN_SECONDS = 60;

/**
 * When to refresh a token valid from `issuedAt` to `expiresAt`: a quarter of its lifetime (at
 * most a minute) before it expires, so a token handed to a page or a route is still valid
 * while that request uses it, and a page's parallel requests all see one refresh point.
 */
export function refreshAtFor(issuedAt: number, expiresAt: number): number {
  const lifetime = Math.max(0, expiresAt - issuedAt);
  return expiresAt - Math.min(MAX_MARGIN_SECONDS, Math.floor(lifetime / 4));
}

/** The part of Auth.js's `account` (sign-in) this module reads. */
export interface AccountTokens {
  provider: string;
  type: string;
  access_token?: string;
  expires_at?: number;
  refresh_token?: string;
}

/** The tokens an OAuth/OIDC sign-in gave, or undefined (Credentials, or no expiring access token). */
export function tokensFromAccount(account: AccountTokens, now: number): ProviderTokens | undefined {
  if (account.type !== "oidc" && account.type !== "oauth") return undefined;
  const { access_token: accessToken, expires_at: expiresAt, refresh_token: refreshToken } = account;
  if (!accessToken || typeof expiresAt !== "number") return undefined;
  return { provider: account.provider, accessToken, expiresAt, refreshToken, refreshAt: refreshAtFor(now, expiresAt) };
}

/** The part of a token endpoint response a refresh reads. */
export interface GrantResponse {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
}

// RFC 6749 only recommends `expires_in`; without it, assume the hour most providers use.
const DEFAULT_LIFETIME_SECONDS = 3600;

/**
 * The tokens after a refresh grant. Providers that do not rotate (Google) send no new refresh
 * token: the old one stays valid and is kept.
 */
export function tokensFromGrant(previous: ProviderTokens, grant: GrantResponse, now: number): ProviderTokens {
  const expiresAt = now + Math.max(0, Math.floor(grant.expires_in ?? DEFAULT_LIFETIME_SECONDS));
  return {
    provider: previous.provider,
    accessToken: grant.access_token,
    expiresAt,
    refreshToken: grant.refresh_token ?? previous.refreshToken,
    refreshAt: refreshAtFor(now, expiresAt),
    refreshedAt: now,
  };
}

export function isDue(tokens: ProviderTokens, now: number): boolean {
  return now >= tokens.refreshAt;
}

/** Reads the claim back from a decrypted token, which is only as typed as what was written. */
export function parseProviderTokens(value: unknown): ProviderTokens | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { provider, accessToken, expiresAt, refreshToken, refreshAt, refreshedAt } = value as Record<string, unknown>;
  if (typeof provider !== "string" || typeof accessToken !== "string") return undefined;
  if (typeof expiresAt !== "number" || typeof refreshAt !== "number") return undefined;
  if (refreshToken !== undefined && typeof refreshToken !== "string") return undefined;
  if (refreshedAt !== undefined && typeof refreshedAt !== "number") return undefined;
  return { provider, accessToken, expiresAt, refreshToken, refreshAt, refreshedAt };
}

/** `jwt` on sign-in: the tokens the provider's `account` gave, now. */
export function providerTokensOnSignIn(account: AccountTokens): ProviderTokens | undefined {
  return tokensFromAccount(account, nowInSeconds());
}
