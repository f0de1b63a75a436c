import { getToken, type JWT } from "next-auth/jwt";

import { features } from "../auth.config";
import { cleanCookieHeader, sessionUrl } from "./auth-input";
import { authEnv } from "./env";

/**
 * Reads the session token the way an API route that wants claims but no session would, with
 * `getToken()`. It decrypts the cookie and nothing else: no `jwt` or `session` callback runs,
 * and the cookie is not re-issued, so the session's expiry does not slide. Because no callback
 * runs, each feature's `checkToken` runs here instead: a session ended by "sign out everywhere"
 * (features/revocation) must not keep its claims on this path until the token expires.
 *
 * The classic production-only bug: Auth.js names the cookie `__Secure-authjs.session-token`
 * when its URL is https, and derives the decryption key from the cookie name (the `salt`).
 * `getToken()` defaults to the plain name, so on https it finds no cookie and everyone looks
 * signed out, while http in development works. `secureCookie` follows the rule of every other
 * reader (lib/auth-input.ts's `sessionUrl`), as do the cookies it counts: `getToken()` alone
 * would also join foreign names.
 * @see https://authjs.dev/reference/core/jwt#gettoken
 */
export async function readSessionToken(request: Request): Promise<JWT | null> {
  const { secrets } = authEnv();
  const headers = new Headers(request.headers);
  const requestUrl = new URL(request.url);
  headers.set("cookie", cleanCookieHeader(request.headers.get("cookie") ?? "", requestUrl.origin).cookie);
  const secureCookie = (sessionUrl(request.headers, {}, requestUrl.protocol) ?? requestUrl).protocol === "https:";
  let token = await getToken({ req: { headers }, secret: secrets, secureCookie });
  for (const feature of features) if (token && feature.checkToken) token = await feature.checkToken(token);
  return token;
}
