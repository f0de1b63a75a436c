import type { Feature } from "../../lib/features";

import { readClientIpEnv } from "./client-ip";
import { countSignInAttempt, limitCredentialsSignIn } from "./sign-in-limit";

/**
 * The brute-force guard for credentials sign-in: counts inside `authorize`, on the fields
 * Auth.js parsed (SECURITY.md says why), and answers a refusal with 429 and Retry-After.
 */
export function signInLimit(): Feature {
  // AUTH_CLIENT_IP_HEADER is checked now, so a bad value stops the instance that reads it.
  readClientIpEnv();
  return {
    name: "sign-in-limit",
    authorize: (authorize) => async (credentials, request) => {
      const { email } = credentials;
      const attempt = await countSignInAttempt(request, typeof email === "string" ? email : undefined);
      const user = await authorize(credentials, request);
      if (user) await attempt.succeeded();
      return user;
    },
    authRoute: (handler) => (request) => limitCredentialsSignIn(request, handler),
  };
}
