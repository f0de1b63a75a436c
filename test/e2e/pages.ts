import { expect } from "vitest";
import type { BrowserContext, Page } from "playwright-core";

/** Page objects: what a person does on each page, located by role and label. */
export class SignInPage {
  constructor(
    readonly page: Page,
    private readonly origin: string,
  ) {}

  async goto(callbackUrl?: string): Promise<void> {
    const query = callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : "";
    await this.page.goto(`${this.origin}/signin${query}`);
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in", exact: true }).click();
  }

  async chooseProvider(name: string): Promise<void> {
    await this.page.getByRole("button", { name: `Sign in with ${name}` }).click();
  }

  alert() {
    // Next's route announcer is an alert too; the form's own is inside <main>.
    return this.page.locator("main").getByRole("alert");
  }
}

export class DashboardPage {
  constructor(
    readonly page: Page,
    private readonly origin: string,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto(`${this.origin}/dashboard`);
  }

  email() {
    return this.page.getByTestId("user-email");
  }

  name() {
    return this.page.getByTestId("user-name");
  }

  clientSessionName() {
    return this.page.getByTestId("client-session-name");
  }

  async rename(name: string): Promise<void> {
    await this.page.getByLabel("New display name").fill(name);
    await this.page.getByRole("button", { name: "Save" }).click();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out", exact: true }).click();
  }

  async signOutEverywhere(): Promise<void> {
    await this.page.getByRole("button", { name: "Sign out everywhere" }).click();
  }
}

export class AdminPage {
  constructor(
    readonly page: Page,
    private readonly origin: string,
  ) {}

  async goto(): Promise<void> {
    await this.page.goto(`${this.origin}/admin`);
  }

  async endSessionsOf(userId: string): Promise<void> {
    await this.page.getByLabel("User id").fill(userId);
    await this.page.getByRole("button", { name: "End their sessions" }).click();
  }

  result() {
    return this.page.getByTestId("end-sessions-result");
  }
}

/** The built-in development pages of the test IdP (oidc-provider's devInteractions). */
export class TestIdpPages {
  constructor(readonly page: Page) {}

  async signInAndConsent(login: string): Promise<void> {
    await this.page.locator('input[name="login"]').fill(login);
    await this.page.locator('input[name="password"]').fill("any-password");
    await this.page.locator('button[type="submit"]').click();
    await this.page.locator('button[type="submit"]', { hasText: /continue/i }).click();
  }
}

export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((cookie) => cookie.name.endsWith("authjs.session-token"));
}

export async function expectPath(page: Page, pathname: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).pathname).toBe(pathname);
}
