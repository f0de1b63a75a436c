import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { launchBrowser } from "../support/browser";
import { csrfPair } from "../support/hostile-cases";
import { APP_CALLBACK, startTestIdp, type TestIdp } from "../support/oidc-provider";
import { servers, startServer, type AppServer } from "../support/servers";
import { DashboardPage, expectPath, sessionCookie, SignInPage, TestIdpPages } from "./pages";

describe.each(servers)("in Chromium on %s", (target) => {
  let server: AppServer;
  let idp: TestIdp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    idp = await startTestIdp({ redirectUris: [APP_CALLBACK] });
    server = await startServer(target, { env: idp.appEnv });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterEach(() => context.close());

  async function signInAs(email: string, password: string): Promise<DashboardPage> {
    const signIn = new SignInPage(page, server.origin);
    await signIn.goto();
    await signIn.signIn(email, password);
    await expectPath(page, "/dashboard");
    return new DashboardPage(page, server.origin);
  }

  it("signs in through the form and the dashboard shows the user, also after a reload", async () => {
    const dashboard = await signInAs("demo@example.com", "demo-password");
    await expect.poll(() => dashboard.email().textContent()).toBe("demo@example.com");
    await page.reload();
    await expect.poll(() => dashboard.email().textContent()).toBe("demo@example.com");
  });

  it("sends a signed-out visitor to sign in and back to the page they asked for", async () => {
    await page.goto(`${server.origin}/admin`);
    await expectPath(page, "/signin");
    await new SignInPage(page, server.origin).signIn("admin@example.com", "admin-password");
    await expectPath(page, "/admin");
    await expect.poll(() => page.getByTestId("admin-greeting").textContent()).toContain("Admin User");
  });

  it("shows a user the 403 page on /admin, without a redirect loop", async () => {
    await signInAs("demo@example.com", "demo-password");
    const response = await page.goto(`${server.origin}/admin`);
    expect(response?.status()).toBe(403);
    await expectPath(page, "/admin");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("403");
  });

  it("shows a wrong password as an error on the sign-in page", async () => {
    const signIn = new SignInPage(page, server.origin);
    await signIn.goto();
    await signIn.signIn("demo@example.com", "not-the-password");
    await expect.poll(() => signIn.alert().textContent()).toBe("Wrong email or password.");
    await expectPath(page, "/signin");
    expect(await sessionCookie(context)).toBeUndefined();
  });

  it("tells a visitor over the sign-in limit to wait, in the form", async () => {
    const email = "e2e-limited@example.com";
    for (let i = 0; i < 10; i++) {
      const csrf = await csrfPair(server.origin);
      await fetch(new URL("/api/auth/callback/credentials", server.origin), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.cookie },
        body: new URLSearchParams({ csrfToken: csrf.token, email, password: `guess-${i}` }),
      });
    }
    const signIn = new SignInPage(page, server.origin);
    await signIn.goto();
    await signIn.signIn(email, "one-more-guess");
    await expect.poll(() => signIn.alert().textContent()).toBe("Too many sign-in attempts. Please wait and try again.");
    await expectPath(page, "/signin");
  });

  it("keeps the sign-in form disabled until the page is interactive, so no password lands in a URL", async () => {
    // Without JavaScript the page never hydrates: what a click before hydration would meet.
    const staticContext = await browser.newContext({ javaScriptEnabled: false });
    const staticPage = await staticContext.newPage();
    await staticPage.goto(`${server.origin}/signin`);
    expect(await staticPage.getByLabel("Password").isDisabled()).toBe(true);
    expect(await staticPage.getByRole("button", { name: "Sign in", exact: true }).isDisabled()).toBe(true);
    await staticContext.close();
  });

  it("tells a disabled account it may not sign in", async () => {
    const signIn = new SignInPage(page, server.origin);
    await signIn.goto();
    await signIn.signIn("disabled@example.com", "disabled-password");
    await expect.poll(() => signIn.alert().textContent()).toBe("This account is not allowed to sign in.");
  });

  it("renames through useSession().update() and the next protected request sees the new name", async () => {
    const dashboard = await signInAs("demo@example.com", "demo-password");
    await expect.poll(() => dashboard.clientSessionName().textContent()).toContain("Demo User");
    await dashboard.rename("Renamed in browser");
    await expect.poll(() => dashboard.clientSessionName().textContent()).toContain("Renamed in browser");
    await dashboard.goto();
    await expect.poll(() => dashboard.name().textContent()).toBe("Renamed in browser");
  });

  it("signs out: the cookie is gone and protected pages redirect again", async () => {
    const dashboard = await signInAs("demo@example.com", "demo-password");
    expect(await sessionCookie(context)).toBeDefined();
    await dashboard.signOut();
    await expectPath(page, "/");
    expect(await sessionCookie(context)).toBeUndefined();
    await dashboard.goto();
    await expectPath(page, "/signin");
  });

  it("signs in with OpenID Connect through the test IdP (authorization code, PKCE, state, nonce)", async () => {
    const signIn = new SignInPage(page, server.origin);
    await signIn.goto();
    await signIn.chooseProvider("Test IdP");
    await expect.poll(() => new URL(page.url()).origin).toBe(idp.issuer);
    await new TestIdpPages(page).signInAndConsent("alice");
    await expectPath(page, "/dashboard");
    const dashboard = new DashboardPage(page, server.origin);
    await expect.poll(() => dashboard.email().textContent()).toBe("alice@idp.test");
    await expect.poll(() => page.getByTestId("user-role").textContent()).toBe("user");
  });
});
