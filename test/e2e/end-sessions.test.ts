import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { launchBrowser } from "../support/browser";
import { startServer, type AppServer } from "../support/servers";
import { AdminPage, DashboardPage, expectPath, SignInPage } from "./pages";

/**
 * The "Sign out everywhere" and admin controls clicked in Chromium, on workerd with a local KV
 * session-version store: another browser (a separate context, like another device) is sent to
 * sign-in once its session is checked again.
 */
describe("ending sessions in Chromium on workerd with KV", () => {
  const state = mkdtempSync(join(tmpdir(), "edge-auth-e2e-kv-"));
  let server: AppServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer("workerd", {
      env: { AUTH_SESSION_CHECK_SECONDS: "1" },
      wranglerArgs: ["--kv", "SESSION_VERSION_KV", "--persist-to", state],
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  async function device(email: string, password: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    const signIn = new SignInPage(page, server.origin);
    await signIn.goto();
    await signIn.signIn(email, password);
    await expectPath(page, "/dashboard");
    return page;
  }

  /** Reloads the dashboard until the device is sent to sign-in (the check runs at most every second). */
  async function expectSignedOut(page: Page): Promise<void> {
    await expect
      .poll(async () => {
        await page.goto(`${server.origin}/dashboard`);
        return new URL(page.url()).pathname;
      }, { interval: 500 })
      .toBe("/signin");
  }

  it("signs this browser out and another device at its next check", async () => {
    const laptop = await device("demo@example.com", "demo-password");
    const phone = await device("demo@example.com", "demo-password");
    await new DashboardPage(laptop, server.origin).signOutEverywhere();
    await expectPath(laptop, "/signin");
    await expectSignedOut(phone);
  });

  it("lets an admin end a user's sessions from the admin page", async () => {
    const user = await device("demo@example.com", "demo-password");
    const adminPage = await device("admin@example.com", "admin-password");
    const admin = new AdminPage(adminPage, server.origin);
    await admin.goto();
    await admin.endSessionsOf("user-demo");
    await expect.poll(() => admin.result().textContent()).toBe("Sessions of user-demo end within 1 s here and 61 s everywhere.");
    await expectSignedOut(user);
    await admin.goto();
    await expectPath(adminPage, "/admin");
  });
});
