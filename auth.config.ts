import type { DefaultSession, NextAuthConfig } from "next-auth";
import "next-auth/jwt";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";

import { databaseSessions } from "@/features/database-sessions";
import { fastRead } from "@/features/fast-read";
import { revocation } from "@/features/revocation";
import { signInLimit } from "@/features/sign-in-limit";
import { tokenRefresh } from "@/features/token-refresh";
import { trace } from "@/features/trace";
import { authorizedAnswer } from "@/lib/access";
import { credentials } from "@/lib/credentials";
import { authEnv } from "@/lib/env";
import type { Feature } from "@/lib/features";
import type { Role } from "@/lib/roles";
import { sameOriginRedirect } from "@/lib/safe-redirect";
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "@/lib/session-lifetime";
import { parseSessionUpdate } from "@/lib/session-update";
import { isDisabled } from "@/lib/users";

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
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    id?: string;
    role?: Role;
  }
}

const env = authEnv();

/** The features switched on, one line each (features/<name>/README.md). Delete a line to turn one off. */
export const features: Feature[] = [
  fastRead(), // Delete this line for next-auth's own session read and codec.
  databaseSessions(), // First with `sessions`: with AUTH_SESSION_STRATEGY=database it answers "sign out everywhere".
  signInLimit(),
  revocation(),
  tokenRefresh(),
  // Last: it traces the callbacks the others added.
  trace(),
];

const providers: Provider[] = [];
if (env.demoUsers) providers.push(credentials(features));
if (env.github) providers.push(GitHub(env.github));
if (env.google) providers.push(Google(env.google));
if (env.oidc) providers.push({ id: "oidc", type: "oidc", ...env.oidc, checks: ["pkce", "state", "nonce"] });


export const authConfig = {
  providers,
  // Newest first: Auth.js encrypts with the first and decrypts with any, which is how secrets
  // rotate (SECURITY.md). next-auth only builds this list itself when `secret` is unset AND
  // AUTH_SECRET is unset, so with AUTH_SECRET present it would ignore AUTH_SECRET_1..3.
  secret: env.secrets.length > 0 ? env.secrets : undefined,
  // No database on the request path: the session lives in an encrypted cookie (JWE). Auth.js's
  // default lifetimes, spelled out because features read them (lib/session-lifetime.ts).
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
  // One page for both, so sign-in errors (wrong password, AccessDenied) show beside the form.
  pages: { signIn: "/signin", error: "/signin" },
  callbacks: {
    /** Once per sign-in attempt, before any token exists: a guard (`false` ends in AccessDenied), it cannot add data. */
    signIn({ user }) {
      return !isDisabled(user.email);
    },

    /** On sign-in (`user`, `account`), on every session read (the token alone), on `update()` (`trigger: "update"`). */
    async jwt({ token, user, account, trigger, session }) {
      if (user) {
        // Without an adapter, Auth.js gives an OAuth/OIDC user a fresh random id at every
        // sign-in; the provider's account id is the stable one, and revocation keys on it.
        token.id = account && account.type !== "credentials" ? `${account.provider}:${account.providerAccountId}` : user.id;
        token.role = user.role ?? "user";
      }
      if (trigger === "update") {
        const update = parseSessionUpdate(session);
        if (update.name) token.name = update.name;
      }
      return token;
    },

    /** When the session is read (`auth()`, `useSession()`), right after `jwt`: what the app sees. `getToken()` runs neither. */
    session({ session, token, user }) {
      // JWT sessions pass `token`; database sessions pass the adapter's `user` and the row,
      // which must not reach the client (it holds the session token): keep only these fields.
      const { id, role } = token ?? user;
      const { name, email, image } = session.user;
      return { expires: session.expires, user: { id: id ?? session.user.id, name, email, image, role: role ?? "user" } };
    },

    /** In middleware on every matched request; lib/access.ts holds the rules. */
    authorized: ({ auth, request }) => authorizedAnswer(request.nextUrl, auth?.user),

    /** On every redirect Auth.js makes after sign-in or sign-out: same origin only. */
    redirect: ({ url, baseUrl }) => sameOriginRedirect(url, baseUrl),
  },
} satisfies NextAuthConfig;
