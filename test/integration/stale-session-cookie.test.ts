import { describe, expect, it } from "vitest";

import { authRequest, CookieJar, form, getCsrfToken, middlewareRequest, signInWithCredentials } from "../support/in-process";

/**
 * What a browser does with requests that overlap: a page or `<Link>` prefetch leaves with the
 * session cookie, `update()` or sign-out replaces that cookie, then the page's answer arrives
 * and the browser applies its Set-Cookie last. The answer must not carry the old session back.
 */
const SESSION_COOKIE = "authjs.session-token";

async function signedIn(): Promise<CookieJar> {
  const jar = new CookieJar();
  await signInWithCredentials(jar, "demo@example.com", "demo-password");
  return jar;
}

/** A request that left with `token` before the jar moved on: its answer lands in the jar. */
async function lateAnswer(path: string, token: string, browser: CookieJar): Promise<Response> {
  const inFlight = new CookieJar();
  inFlight.set(SESSION_COOKIE, token);
  const response = await middlewareRequest(path, inFlight);
  browser.store(response);
  return response;
}

describe("a page answer that arrives after the session changed", () => {
  it("does not undo update(): the next request still sees the new name", async () => {
    const browser = await signedIn();
    const before = browser.get(SESSION_COOKIE) ?? "";
    const csrfToken = await getCsrfToken(browser);
    await authRequest("/api/auth/session", browser, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: { name: "Renamed" } }),
    });
    expect(browser.get(SESSION_COOKIE)).not.toBe(before);

    await lateAnswer("/admin", before, browser);
    const session = await authRequest("/api/auth/session", browser);
    expect((await session.json()).user.name).toBe("Renamed");
  });

  it("does not sign the user back in after sign-out", async () => {
    const browser = await signedIn();
    const before = browser.get(SESSION_COOKIE) ?? "";
    const csrfToken = await getCsrfToken(browser);
    await authRequest("/api/auth/signout", browser, form({ csrfToken }));
    expect(browser.get(SESSION_COOKIE)).toBeUndefined();

    await lateAnswer("/dashboard", before, browser);
    expect(browser.get(SESSION_COOKIE)).toBeUndefined();
    expect((await middlewareRequest("/dashboard", browser)).headers.get("location")).toContain("/signin");
  });
});
