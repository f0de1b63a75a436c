import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";

import type { AuthEnv } from "../../lib/env";
import type { Instance } from "../../lib/features";
import { withJwtStep } from "../../lib/jwt-step";

import { parseProviderTokens, providerTokensOnSignIn, type RefreshError } from "./provider-tokens";
import { refreshDeps, refreshProviderTokens } from "./token-refresh";

declare module "next-auth" {
  interface Session {
    /** Set when the provider refused to refresh the access token: the UI asks to sign in again. */
    error?: RefreshError;
    /** When the provider's access token was last refreshed (ISO 8601); never the token itself. */
    accessTokenRefreshedAt?: string;
    /** When the provider's current access token expires (ISO 8601). */
    accessTokenExpires?: string;
  }
}

/**
 * The callbacks of auth.config.ts, with provider tokens: `jwt` keeps the tokens an OAuth/OIDC
 * sign-in gave (the app's instance) and, in middleware's instance only, refreshes them when
 * due, after the callback and every step before it ran (not for a token they ended); `session`
 * adds their timestamps and the refusal, never the tokens themselves.
 */
export function withTokenRefresh(config: NextAuthConfig, instance: Instance, env: Pick<AuthEnv, "secrets" | "oidc" | "google" | "github">): NextAuthConfig {
  const stepped = withJwtStep(config, async (token, { user, account }) => {
    if (user) return account ? { ...token, providerTokens: providerTokensOnSignIn(account) } : token;
    return instance === "middleware" ? refreshProviderTokens(token, refreshDeps(env)) : token;
  });
  const session = stepped.callbacks?.session;
  return {
    ...stepped,
    callbacks: {
      ...stepped.callbacks,
      async session(params) {
        return { ...(session ? await session(params) : params.session), ...sessionFields(params.token) };
      },
    },
  };
}

/** JWT sessions pass `token`, database sessions do not (and keep no provider tokens). */
function sessionFields(token: JWT | undefined) {
  const tokens = parseProviderTokens(token?.providerTokens);
  return {
    ...(token?.error && { error: token.error }),
    ...(tokens?.refreshedAt !== undefined && { accessTokenRefreshedAt: new Date(tokens.refreshedAt * 1000).toISOString() }),
    ...(tokens && { accessTokenExpires: new Date(tokens.expiresAt * 1000).toISOString() }),
  };
}
