import * as oauth from "oauth4webapi";

import type { AuthEnv } from "../../lib/env";
import type { GrantResponse, ProviderTokens } from "./provider-tokens";

/**
 * The two calls the app makes to a provider with its tokens, through `oauth4webapi` (the
 * OAuth library Auth.js itself uses; WebCrypto and fetch only, so it runs at the edge): the
 * refresh-token grant and `userinfo`. Endpoints come from OIDC discovery (generic OIDC,
 * Google) or are GitHub's fixed ones.
 */

/** A refresh the provider refused (`invalid_grant` and the like): the session cannot be saved. */
export class RefreshRejected extends Error {
  name = "RefreshRejected";
}

/** Anything else (network, 5xx, a malformed answer): a later request may try again. */
export class ProviderUnavailable extends Error {
  name = "ProviderUnavailable";
}

interface ProviderClient {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  auth: oauth.ClientAuth;
  insecure: boolean;
}

const GITHUB: oauth.AuthorizationServer = {
  issuer: "https://github.com/login/oauth",
  token_endpoint: "https://github.com/login/oauth/access_token",
  userinfo_endpoint: "https://api.github.com/user",
};

const TIMEOUT_MS = 10_000;

// Resolved metadata only: on workerd a promise started by one request and awaited by another
// is cut off when the first request ends.
const discovered = new Map<string, oauth.AuthorizationServer>();

async function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  const cached = discovered.get(issuer);
  if (cached) return cached;
  const url = new URL(issuer);
  const response = await oauth.discoveryRequest(url, {
    [oauth.allowInsecureRequests]: isLoopbackHttp(url),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const as = await oauth.processDiscoveryResponse(url, response);
  discovered.set(issuer, as);
  return as;
}

/** Plain http is accepted for a provider on this machine (the test IdP), never elsewhere. */
function isLoopbackHttp(url: URL): boolean {
  return url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]");
}

async function providerClient(provider: string, env: Pick<AuthEnv, "oidc" | "google" | "github">): Promise<ProviderClient> {
  const config = provider === "oidc" ? env.oidc : provider === "google" ? env.google : provider === "github" ? env.github : undefined;
  if (!config) throw new RefreshRejected(`provider "${provider}" is not configured`);
  const as =
    provider === "github" ? GITHUB : await discover(provider === "oidc" && env.oidc ? env.oidc.issuer : "https://accounts.google.com");
  return {
    as,
    client: { client_id: config.clientId },
    // GitHub takes the secret in the body; OIDC providers accept Basic (the discovery default).
    auth: provider === "github" ? oauth.ClientSecretPost(config.clientSecret) : oauth.ClientSecretBasic(config.clientSecret),
    insecure: isLoopbackHttp(new URL(as.issuer)),
  };
}

/** One refresh-token grant. Throws RefreshRejected or ProviderUnavailable, never with a token in the message. */
export async function refreshTokenGrant(
  tokens: Pick<ProviderTokens, "provider" | "refreshToken">,
  env: Pick<AuthEnv, "oidc" | "google" | "github">,
): Promise<GrantResponse> {
  if (!tokens.refreshToken) throw new RefreshRejected("no refresh token");
  let provider: ProviderClient;
  try {
    provider = await providerClient(tokens.provider, env);
  } catch (error) {
    throw error instanceof RefreshRejected ? error : new ProviderUnavailable("discovery failed");
  }
  try {
    const response = await oauth.refreshTokenGrantRequest(provider.as, provider.client, provider.auth, tokens.refreshToken, {
      [oauth.allowInsecureRequests]: provider.insecure,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const result = await oauth.processRefreshTokenResponse(provider.as, provider.client, response);
    return { access_token: result.access_token, expires_in: result.expires_in, refresh_token: result.refresh_token };
  } catch (error) {
    if (error instanceof oauth.ResponseBodyError && error.status < 500) throw new RefreshRejected(`the provider answered ${error.error}`);
    throw new ProviderUnavailable("the token endpoint did not answer usably");
  }
}

/** The provider's `userinfo` for this access token; null when the provider refuses the token. */
export async function fetchUserInfo(
  tokens: Pick<ProviderTokens, "provider" | "accessToken">,
  env: Pick<AuthEnv, "oidc" | "google" | "github">,
): Promise<Record<string, unknown> | null> {
  const provider = await providerClient(tokens.provider, env);
  const response = await oauth.userInfoRequest(provider.as, provider.client, tokens.accessToken, {
    [oauth.allowInsecureRequests]: provider.insecure,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status === 401) return null;
  if (!response.ok) throw new ProviderUnavailable(`userinfo answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
