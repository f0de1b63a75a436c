import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";

type JwtParams = Parameters<NonNullable<NonNullable<NextAuthConfig["callbacks"]>["jwt"]>>[0];

/**
 * The config with one more step after its `jwt` callback: `step` gets what the callback
 * returned (never null: a token the callback ended stays ended) and the callback's arguments.
 * How middleware.ts's instance adds the provider-token refresh (features/token-refresh), and how
 * the bench adds a revocation check on every read.
 */
export function withJwtStep(config: NextAuthConfig, step: (token: JWT, params: JwtParams) => Promise<JWT | null>): NextAuthConfig {
  const jwt = config.callbacks?.jwt;
  return {
    ...config,
    callbacks: {
      ...config.callbacks,
      async jwt(params) {
        const token = jwt ? await jwt(params) : params.token;
        return token && step(token, params);
      },
    },
  };
}
