import type { DefaultSession, NextAuthConfig } from "next-auth";
import "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { NextResponse } from "next/server";

import { decideAccess, isApiPath } from "@/lib/access";
import { parseAuthEnv, readProcessEnv } from "@/lib/env";
import { createJwtCodec } from "@/lib/jwt-codec";
import { nowInSeconds, parseProviderTokens, tokensFromAccount, type ProviderTokens, type RefreshError } from "@/lib/provider-tokens";
import type { Role } from "@/lib/roles";
import { sameOriginRedirect } from "@/lib/safe-redirect";
import { applySessionVersion } from "@/lib/session-version";
import { parseSessionUpdate } from "@/lib/session-update";
import { countSignInAttempt } from "@/lib/sign-in-limit";
import { refreshLikeTheGuide } from "@/lib/token-refresh";
import { isDisabled, verifyCredentials } from "@/lib/users";

/**
 * The edge-safe half of the Auth.js config: everything middleware needs, and nothing that
 * needs Node or a database (no adapter, no native modules, no TCP), because this file is
 * bundled into edge middleware. `auth.ts` builds the full instance from it.
 * @see https://authjs.dev/guides/edge-compatibility
 */

declare module "next-auth" {
  interface User {
    role?: Role;
  }
  interface Session {
    user: { id: string; role: Role } & DefaultSession["user"];
    /** Set when the provider refused to refresh the access token: the UI asks to sign in again. */
    error?: RefreshError;
    /** When the provider's access token was last refreshed (ISO 8601); never the token itself. */
    accessTokenRefreshedAt?: string;
    /** When the provider's current access token expires (ISO 8601). */
    accessTokenExpires?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    role?: Role;
    /** Revocation (lib/session-version.ts): the user's session version when the token was issued. */
    sessionVersion?: number;
    /** The provider's access and refresh tokens (lib/provider-tokens.ts); stays inside the encrypted token. */
    providerTokens?: ProviderTokens;
    error?: RefreshError;
  }
}

const env = parseAuthEnv(readProcessEnv());

// Longer input is refused before it costs a PBKDF2 derivation.
const MAX_CREDENTIAL_LENGTH = 1024;

const providers: Provider[] = [];

if (env.demoUsers) {
  providers.push(
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // PBKDF2 runs on WebCrypto, which every edge runtime has, so Credentials can stay here.
      // Auth.js calls this after its CSRF check, with the fields it parsed (form or JSON, the
      // last of repeated ones): the sign-in limit counts here so it sees what Auth.js checks.
      async authorize({ email, password }, request) {
        const attempt = await countSignInAttempt(request, typeof email === "string" ? email : undefined);
        if (typeof email !== "string" || typeof password !== "string") return null;
        if (email.length > MAX_CREDENTIAL_LENGTH || password.length > MAX_CREDENTIAL_LENGTH) return null;
        const user = await verifyCredentials(email, password);
        if (user) await attempt.succeeded();
        return user && { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  );
}
if (env.github) providers.push(GitHub(env.github));
if (env.google) providers.push(Google(env.google));
if (env.oidc) {
  providers.push({
    id: "oidc",
    name: env.oidc.name,
    type: "oidc",
    issuer: env.oidc.issuer,
    clientId: env.oidc.clientId,
    clientSecret: env.oidc.clientSecret,
    checks: ["pkce", "state", "nonce"],
  });
}

/**
 * Auth.js's defaults, spelled out because the codec and the database variant read them: a session
 * lasts 30 days from its last renewal, renewed at most once a day while it is used.
 */
const session = { strategy: "jwt", maxAge: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 } as const;

export const authConfig = {
  providers,
  // Newest first: Auth.js encrypts with the first and decrypts with any, which is how secrets
  // rotate (SECURITY.md). next-auth only builds this list itself when `secret` is unset AND
  // AUTH_SECRET is unset, so with AUTH_SECRET present it would ignore AUTH_SECRET_1..3.
  secret: env.secrets.length > 0 ? env.secrets : undefined,
  // No database on the request path: the session lives in an encrypted cookie (JWE).
  session,
  // Same token format as stock Auth.js, minted and read at a fraction of the cost: lib/jwt-codec.ts.
  jwt: createJwtCodec(session),
  // One page for both, so sign-in errors (wrong password, AccessDenied) show beside the form.
  pages: { signIn: "/signin", error: "/signin" },
  callbacks: {
    /**
     * Runs once per sign-in attempt, after the provider (or `authorize`) identified the user
     * and before any token exists: `true` allows, `false` ends in `?error=AccessDenied`.
     * It is a guard only; it cannot put data on the token (that is `jwt`'s job).
     */
    signIn({ user }) {
      return !isDisabled(user.email);
    },

    /**
     * Runs whenever a token is made or read: on sign-in with `user` and `account` (plus
     * `profile` from OAuth/OIDC providers, not from Credentials), on every session read with the
     * token alone, and on `update()` with `trigger: "update"` and the client's data in `session`.
     */
    async jwt({ token, user, account, trigger, session }) {
      if (user) {
        // Without an adapter, Auth.js gives an OAuth/OIDC user a fresh random id at every
        // sign-in; the provider's account id is the stable one, and revocation keys on it.
        token.id = account && account.type !== "credentials" ? `${account.provider}:${account.providerAccountId}` : user.id;
        token.role = user.role ?? "user";
        if (account) token.providerTokens = tokensFromAccount(account, nowInSeconds());
      }
      if (trigger === "update") {
        const update = parseSessionUpdate(session);
        if (update.name) token.name = update.name;
      }
      const checked = await applySessionVersion(token, { signingIn: Boolean(user), intervalSeconds: env.sessionCheckSeconds });
      // The default refresh runs in middleware only (middleware.ts, lib/token-refresh.ts).
      return checked && env.tokenRefresh === "guide" && !user ? refreshLikeTheGuide(checked, env) : checked;
    },

    /**
     * Runs when the session is read (`auth()`, `useSession()`, `/api/auth/session`), right
     * after `jwt`; it shapes what the app sees. `getToken()` does not run it.
     */
    session({ session, token, user }) {
      // JWT sessions pass `token`; database sessions pass the adapter's `user` and the row,
      // which must not reach the client (it holds the session token): keep only these fields.
      const { id, role } = token ?? user;
      const { name, email, image } = session.user;
      // The provider's tokens stay in the encrypted token: only their timestamps and the error reach the client.
      const tokens = parseProviderTokens(token?.providerTokens);
      return {
        expires: session.expires,
        user: { id: id ?? session.user.id, name, email, image, role: role ?? "user" },
        ...(token?.error && { error: token.error }),
        ...(tokens?.refreshedAt !== undefined && { accessTokenRefreshedAt: new Date(tokens.refreshedAt * 1000).toISOString() }),
        ...(tokens && { accessTokenExpires: new Date(tokens.expiresAt * 1000).toISOString() }),
      };
    },

    /** Runs in middleware on every matched request; `lib/access.ts` holds the rules. */
    authorized({ auth, request }) {
      const { pathname } = request.nextUrl;
      switch (decideAccess(pathname, auth?.user)) {
        case "allow":
          return true;
        case "sign-in":
          // Auth.js redirects to pages.signIn with ?callbackUrl= the requested page.
          return false;
        case "unauthorized":
          return Response.json({ error: "unauthorized" }, { status: 401 });
        case "forbidden":
          return isApiPath(pathname)
            ? Response.json({ error: "forbidden" }, { status: 403 })
            : NextResponse.rewrite(new URL("/forbidden", request.nextUrl), { status: 403 });
      }
    },

    /** Runs on every redirect Auth.js makes after sign-in or sign-out: same origin only. */
    redirect({ url, baseUrl }) {
      return sameOriginRedirect(url, baseUrl);
    },
  },
} satisfies NextAuthConfig;
