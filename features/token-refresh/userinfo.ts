import { authEnv } from "../../lib/env";
import { readSessionToken } from "../../lib/read-token";
import { PERSONALISED_CACHE_CONTROL } from "../../lib/response-headers";

import { ProviderUnavailable, fetchUserInfo } from "./provider-client";
import { parseProviderTokens } from "./provider-tokens";

/**
 * GET /api/userinfo (served through app/api/[route]/route.ts). Calls the provider's `userinfo` with the session's access token, server-side: the token is
 * read from the encrypted session (middleware refreshed it first if it was due and handed the
 * refreshed cookie to this request) and never leaves the server. Answers what the provider
 * said about the user and when the token was last refreshed.
 */
export async function GET(request: Request): Promise<Response> {
  const headers = { "Cache-Control": PERSONALISED_CACHE_CONTROL };
  const token = await readSessionToken(request);
  if (!token) return Response.json({ error: "unauthorized" }, { status: 401, headers });
  if (token.error) return Response.json({ error: "sign-in-again" }, { status: 401, headers });
  const tokens = parseProviderTokens(token.providerTokens);
  if (!tokens) return Response.json({ error: "no-provider-token" }, { status: 404, headers });

  const refreshedAt = tokens.refreshedAt === undefined ? null : new Date(tokens.refreshedAt * 1000).toISOString();
  try {
    const userinfo = await fetchUserInfo(tokens, authEnv());
    if (!userinfo) return Response.json({ error: "access-token-refused", refreshedAt }, { status: 502, headers });
    const { sub, email, name } = userinfo;
    return Response.json({ userinfo: { sub, email, name }, refreshedAt, expiresAt: new Date(tokens.expiresAt * 1000).toISOString() }, { headers });
  } catch (error) {
    if (!(error instanceof ProviderUnavailable)) console.error("userinfo failed:", error instanceof Error ? error.name : "unknown");
    return Response.json({ error: "provider-unavailable" }, { status: 502, headers });
  }
}
