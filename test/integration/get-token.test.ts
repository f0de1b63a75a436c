import { encode, getToken } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";

import { readSessionToken } from "@/lib/read-token";

const secret = "test-secret-at-least-thirty-two-characters-long";
const claims = { sub: "user-demo", id: "user-demo", role: "user" };

/** A request carrying the cookie Auth.js sets on an https site: `__Secure-` name, and that name as the key's salt. */
async function httpsRequest(): Promise<Request> {
  const name = "__Secure-authjs.session-token";
  const value = await encode({ token: claims, secret, salt: name });
  return new Request("https://app.example/api/token", { headers: { cookie: `${name}=${value}` } });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("getToken() and the cookie name behind https", () => {
  it("finds nobody with getToken()'s defaults on https: the production-only bug", async () => {
    expect(await getToken({ req: await httpsRequest(), secret })).toBeNull();
  });

  it("reads the token when secureCookie follows AUTH_URL's protocol, as Auth.js does", async () => {
    vi.stubEnv("AUTH_URL", "https://app.example");
    vi.stubEnv("AUTH_SECRET", secret);
    expect(await readSessionToken(await httpsRequest())).toMatchObject(claims);
  });

  it("follows Auth.js without AUTH_URL: the forwarded protocol, else the request's", async () => {
    vi.stubEnv("AUTH_URL", undefined);
    vi.stubEnv("NEXTAUTH_URL", undefined);
    vi.stubEnv("AUTH_SECRET", secret);
    const https = await httpsRequest();
    expect(await readSessionToken(https)).toMatchObject(claims);
    // Behind a proxy that ends TLS, the app sees http and the proxy says https: Auth.js set `__Secure-`.
    const proxied = new Request("http://app.internal/api/token", { headers: { cookie: https.headers.get("cookie") ?? "", "x-forwarded-proto": "https" } });
    expect(await readSessionToken(proxied)).toMatchObject(claims);
    const plain = new Request("http://localhost:3000/api/token", { headers: { cookie: https.headers.get("cookie") ?? "" } });
    expect(await readSessionToken(plain)).toBeNull();
  });

  it("treats a token encrypted under the other cookie name as signed out", async () => {
    vi.stubEnv("AUTH_URL", "https://app.example");
    vi.stubEnv("AUTH_SECRET", secret);
    const value = await encode({ token: claims, secret, salt: "authjs.session-token" });
    const request = new Request("https://app.example/api/token", { headers: { cookie: `__Secure-authjs.session-token=${value}` } });
    expect(await readSessionToken(request)).toBeNull();
  });
});
