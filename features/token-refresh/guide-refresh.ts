import type { JWT } from "next-auth/jwt";

import type { AuthEnv } from "../../lib/env";
import { nowInSeconds } from "../../lib/session-lifetime";

import { refreshTokenGrant, RefreshRejected } from "./provider-client";
import { isDue, parseProviderTokens, tokensFromGrant } from "./provider-tokens";
import { applyOutcome } from "./token-refresh";

/**
 * Auth.js's guide as written: refresh inside `jwt` wherever it runs, with no coordination. A
 * test fixture only, never part of the app: ./rotation.test.ts uses it to
 * show the race the template's coordinated refresh (./token-refresh.ts) avoids.
 * @see https://authjs.dev/guides/refresh-token-rotation
 */
export async function refreshLikeTheGuide(token: JWT, env: Pick<AuthEnv, "oidc" | "google" | "github">): Promise<JWT> {
  const tokens = parseProviderTokens(token.providerTokens);
  if (!tokens?.refreshToken || token.error || !isDue(tokens, nowInSeconds())) return token;
  try {
    return applyOutcome(token, { tokens: tokensFromGrant(tokens, await refreshTokenGrant(tokens, env), nowInSeconds()) });
  } catch (error) {
    if (error instanceof RefreshRejected) return applyOutcome(token, { error: "RefreshTokenError" });
    return token;
  }
}
