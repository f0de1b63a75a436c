import { randomBytes } from "node:crypto";
import type { Server } from "node:http";

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
  stop(): Promise<void>;
}

export async function startTestIdp({ redirectUris }: { redirectUris: string[] }): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = "edge-auth-test";
  const clientSecret = randomBytes(24).toString("base64url");

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
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
