import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * What a browser does with requests that overlap: a page or `<Link>` prefetch leaves with the
 * session cookie, `update()` or sign-out replaces that cookie, then the page's answer arrives
 * and the browser applies its Set-Cookie last. The answer must not carry the old session back.
 * Run twice: as configured by default, and with revocation checking the session version on
 * every read (a check that re-minted the token used to defeat the guard).
 */
const SESSION_COOKIE = "authjs.session-token";

type InProcess = typeof import("../../test/support/in-process");

async function load(env: Record<string, string>): Promise<InProcess> {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("../../test/support/in-process");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe.each([
  ["by default", {}],
  ["with revocation checking every read", { AUTH_SESSION_CHECK_SECONDS: "0" }],
])("a page answer that arrives after the session changed, %s", (_, env) => {
  async function signedIn(app: InProcess) {
    const jar = new app.CookieJar();
    await app.signInWithCredentials(jar, "demo@example.com", "demo-password");
    return jar;
  }

  /** A request that left with `token` before the jar moved on: its answer lands in the jar. */
  async function lateAnswer(app: InProcess, path: string, token: string, browser: InstanceType<InProcess["CookieJar"]>) {
    const inFlight = new app.CookieJar();
    inFlight.set(SESSION_COOKIE, token);
    const response = await app.middlewareRequest(path, inFlight);
    browser.store(response);
    return response;
  }

  it("does not re-send an unchanged session cookie on a read", async () => {
    const app = await load(env);
    const browser = await signedIn(app);
    const response = await app.middlewareRequest("/dashboard", browser);
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE))).toEqual([]);
  });

  it("does not undo update(): the next request still sees the new name", async () => {
    const app = await load(env);
    const browser = await signedIn(app);
    const before = browser.get(SESSION_COOKIE) ?? "";
    const csrfToken = await app.getCsrfToken(browser);
    await app.authRequest("/api/auth/session", browser, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: { name: "Renamed" } }),
    });
    expect(browser.get(SESSION_COOKIE)).not.toBe(before);

    await lateAnswer(app, "/admin", before, browser);
    const session = await app.authRequest("/api/auth/session", browser);
    expect((await session.json()).user.name).toBe("Renamed");
  });

  it("does not sign the user back in after sign-out", async () => {
    const app = await load(env);
    const browser = await signedIn(app);
    const before = browser.get(SESSION_COOKIE) ?? "";
    const csrfToken = await app.getCsrfToken(browser);
    await app.authRequest("/api/auth/signout", browser, app.form({ csrfToken }));
    expect(browser.get(SESSION_COOKIE)).toBeUndefined();

    await lateAnswer(app, "/dashboard", before, browser);
    expect(browser.get(SESSION_COOKIE)).toBeUndefined();
    expect((await app.middlewareRequest("/dashboard", browser)).headers.get("location")).toContain("/signin");
  });
});
