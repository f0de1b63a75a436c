import Credentials from "next-auth/providers/credentials";

import { authorizeFor, type Feature } from "./features";
import { verifyCredentials } from "./users";

// Longer input is refused before it costs a PBKDF2 derivation.
const MAX_CREDENTIAL_LENGTH = 1024;

/**
 * E-mail and password sign-in against the user directory (lib/users.ts). PBKDF2 runs on
 * WebCrypto, which every edge runtime has, so Credentials can stay in the edge config. Auth.js
 * calls `authorize` after its CSRF check, with the fields it parsed (form or JSON, the last of
 * repeated ones): features that count attempts wrap it, so they see what Auth.js checks.
 */
export function credentials(features: readonly Feature[]) {
  return Credentials({
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    authorize: authorizeFor(async ({ email, password }) => {
      if (typeof email !== "string" || typeof password !== "string") return null;
      if (email.length > MAX_CREDENTIAL_LENGTH || password.length > MAX_CREDENTIAL_LENGTH) return null;
      const user = await verifyCredentials(email, password);
      return user && { id: user.id, email: user.email, name: user.name, role: user.role };
    }, features),
  });
}
