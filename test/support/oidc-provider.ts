import { randomBytes } from "node:crypto";
import type { Server } from "node:http";

import * as oauth from "oauth4webapi";
import Provider from "oidc-provider";

import { CookieJar } from "./cookie-jar";
import { freePort } from "./servers";

/**
 * A real OpenID Connect provider on loopback (the `oidc-provider` package), standing in for
 * Auth0, Okta or Keycloak in tests. It serves discovery, the authorization-code flow with PKCE,
 * and its built-in development login and consent pages, which accept any login name: the
 * name becomes the `sub`, and the email is `<name>@idp.test`. Test-only; never shipped.
 */
export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The app variables that point its generic OIDC provider here. */
  appEnv: Record<string, string>;
  /** What the token endpoint did with refresh tokens since the IdP started (see `IdpOptions.refresh`). */
  refreshStats(): RefreshStats;
  stop(): Promise<void>;
}

export interface RefreshStats {
  /** Refresh-token grants that succeeded: each one consumed a refresh token and issued a new one. */
  refreshes: number;
  /** Refresh tokens presented again after being consumed: each revoked its whole grant. */
  reused: number;
  /** Other refused refresh-token grants (a revoked grant's tokens, an expired token). */
  refused: number;
}

export interface IdpOptions {
  redirectUris: string[];
  /**
   * Short-lived access tokens (seconds) and rotating refresh tokens with reuse detection, as
   * strict providers issue them: every refresh consumes the refresh token it was given, and a
   * consumed token presented again revokes the grant (oidc-provider's refresh_token grant).
   * Off: access tokens of oidc-provider's default hour and no refresh token.
   */
  refresh?: { accessTokenSeconds: number };
  /** Access tokens of about this many characters (opaque) for the logins it names, to force a chunked session cookie. */
  accessTokenLength?: (login: string) => number | undefined;
  /** A fixed port and client secret, for a server started beforehand (`npm run stress:refresh -- --target`). */
  port?: number;
  clientSecret?: string;
}

/** The app's OIDC callback on this machine, whatever port the app got (the client is native: see below). */
export const APP_CALLBACK = "http://localhost/api/auth/callback/oidc";

/** The access-token lifetime the callback matrix's IdP gives, so its refresh scenarios wait a few seconds only. */
export const REFRESH_ACCESS_SECONDS = 4;

const BITS_PER_CHARACTER = 6;
// oidc-provider's default for opaque tokens.
const DEFAULT_BITS = 256;

export async function startTestIdp({ redirectUris, refresh, accessTokenLength, port: fixedPort, clientSecret: fixedSecret }: IdpOptions): Promise<TestIdp> {
  const port = fixedPort ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "edge-auth-test";
  const clientSecret = fixedSecret ?? randomBytes(24).toString("base64url");

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        // Native (RFC 8252 §7.3): a loopback redirect URI matches on any port, so the app may be
        // started after the IdP on whichever port is free (servers.ts retries on a taken one).
        application_type: "native",
        redirect_uris: redirectUris,
        grant_types: refresh ? ["authorization_code", "refresh_token"] : ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        claims: () => ({ sub, email: `${sub}@idp.test`, email_verified: true, name: `IdP user ${sub}` }),
      };
    },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    features: { devInteractions: { enabled: true } },
    // Put the scope's claims (email, name) in the ID token too: Auth.js builds the OIDC
    // profile from the ID token and does not call userinfo.
    conformIdTokenClaims: false,
    ...(refresh && {
      ttl: { AccessToken: refresh.accessTokenSeconds },
      // Real providers ask for `offline_access` (and a consent prompt); this IdP issues refresh
      // tokens to any client allowed the grant, so the app's default scopes are enough.
      issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
      expiresWithSession: async () => false,
      rotateRefreshToken: true,
    }),
    ...(accessTokenLength && {
      formats: {
        bitsOfOpaqueRandomness: (_ctx, token) => {
          const { accountId } = token as { accountId?: unknown };
          const length = token.kind === "AccessToken" && typeof accountId === "string" ? accessTokenLength(accountId) : undefined;
          return length ? length * BITS_PER_CHARACTER : DEFAULT_BITS;
        },
      },
    }),
  });
  const stats: RefreshStats = { refreshes: 0, reused: 0, refused: 0 };
  provider.on("grant.success", (ctx) => {
    if (ctx.oidc.params?.grant_type === "refresh_token") stats.refreshes += 1;
  });
  provider.on("grant.error", (ctx, error) => {
    if (ctx.oidc.params?.grant_type !== "refresh_token") return;
    if ((error as { error_detail?: string }).error_detail === "refresh token already used") stats.reused += 1;
    else stats.refused += 1;
  });
  // The development interactions warn on every start; they are exactly what a test IdP wants.
  provider.on("server_error", (_ctx, error) => console.error("test IdP error:", error));

  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(port, "127.0.0.1", () => resolve(listening));
  });

  return {
    issuer,
    clientId,
    clientSecret,
    appEnv: {
      AUTH_OIDC_ISSUER: issuer,
      AUTH_OIDC_ID: clientId,
      AUTH_OIDC_SECRET: clientSecret,
      AUTH_OIDC_NAME: "Test IdP",
    },
    refreshStats: () => ({ ...stats }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * What a person does at the test IdP, over HTTP: opens the authorization URL the app
 * redirected to, follows the IdP's redirects with its own cookies, and submits the development
 * login form (as `login`) and the consent form. Returns the URL the IdP sends the browser back
 * to, the app's `/api/auth/callback/<provider>?code=…&state=…`. The forms are oidc-provider's
 * devInteractions pages: one hidden `prompt` field says which form it is, `action` where it goes.
 */
export async function signInAtIdp(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new CookieJar();
  const issuer = new URL(authorizationUrl).origin;
  let url = new URL(authorizationUrl);
  let init: RequestInit = {};
  // Authorize, login form, resume, consent form, resume: five hops; a few more is a loop.
  for (let hop = 0; hop < 10; hop += 1) {
    if (url.origin !== issuer) return url;
    const headers = new Headers(init.headers);
    if (jar.header()) headers.set("cookie", jar.header());
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    jar.store(response);
    init = {};
    const location = response.headers.get("location");
    if (location) {
      url = new URL(location, url);
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!prompt || !action) throw new Error(`the test IdP answered ${response.status} without a form at ${url.pathname}: ${html.slice(0, 300)}`);
    const fields: Record<string, string> = prompt === "login" ? { prompt, login, password: "any-password" } : { prompt };
    url = new URL(action, url);
    init = { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() };
  }
  throw new Error(`the test IdP did not send the browser back to the app within 10 hops (last: ${url.href})`);
}

/**
 * The authorization-code flow without the app, as a relying party runs it (oauth4webapi, the
 * library Auth.js uses): for benchmarks that need a real access and refresh token.
 */
export async function tokensFromIdp(idp: TestIdp, redirectUri: string, login: string): Promise<{ access_token: string; refresh_token?: string; expires_in?: number }> {
  const issuer = new URL(idp.issuer);
  const insecure = { [oauth.allowInsecureRequests]: true };
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
  const client = { client_id: idp.clientId };
  const verifier = oauth.generateRandomCodeVerifier();
  const authorize = new URL(as.authorization_endpoint ?? "");
  const nonce = oauth.generateRandomNonce();
  authorize.search = new URLSearchParams({
    client_id: idp.clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid email profile",
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
  }).toString();
  const callback = await signInAtIdp(authorize.href, login);
  const params = oauth.validateAuthResponse(as, client, callback, oauth.expectNoState);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic(idp.clientSecret), params, redirectUri, verifier, insecure);
  return oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce });
}
