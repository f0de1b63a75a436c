import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CookieJar } from "../support/cookie-jar";
import { startServer, targets, type AppServer } from "../support/servers";

/** The curl flow a user would try after deploying, against `next start` and workerd alike. */
class HttpClient {
  private readonly jar = new CookieJar();

  constructor(private readonly origin: string) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.jar.header();
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(new URL(path, this.origin), { ...init, headers, redirect: "manual" });
    this.jar.store(response);
    return response;
  }

  async signIn(email: string, password: string): Promise<Response> {
    const { csrfToken } = (await (await this.request("/api/auth/csrf")).json()) as { csrfToken: string };
    return this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/dashboard" }),
    });
  }

  hasSessionCookie(): boolean {
    return this.jar.get("authjs.session-token") !== undefined;
  }
}

describe.each(targets)("deployed app on %s", (target) => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer(target);
  });
  afterAll(() => server?.stop());

  it("signs the demo user in and serves the dashboard and /api/me", async () => {
    const client = new HttpClient(server.origin);
    const signIn = await client.signIn("demo@example.com", "demo-password");
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe(`${server.origin}/dashboard`);

    const dashboard = await client.request("/dashboard");
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("demo@example.com");

    const me = await client.request("/api/me");
    expect(me.status).toBe(200);
    expect((await me.json()).user).toMatchObject({ email: "demo@example.com", role: "user" });
  });

  it("gives the demo user a 403 page on /admin and the admin the page", async () => {
    const user = new HttpClient(server.origin);
    await user.signIn("demo@example.com", "demo-password");
    const denied = await user.request("/admin");
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain("403");

    const admin = new HttpClient(server.origin);
    await admin.signIn("admin@example.com", "admin-password");
    const allowed = await admin.request("/admin");
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("Only the admin role sees this page");
  });

  it("answers signed-out visitors: 401 JSON on the API, a redirect to sign-in on pages", async () => {
    const client = new HttpClient(server.origin);
    const me = await client.request("/api/me");
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ error: "unauthorized" });

    const dashboard = await client.request("/dashboard");
    expect(dashboard.status).toBe(307);
    expect(new URL(dashboard.headers.get("location") ?? "").pathname).toBe("/signin");
  });

  it("sends a wrong password back to the sign-in page with an error, not a 500", async () => {
    const client = new HttpClient(server.origin);
    const response = await client.signIn("demo@example.com", "wrong-password");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${server.origin}/signin?error=CredentialsSignin&code=credentials`);
    expect(client.hasSessionCookie()).toBe(false);

    const page = await client.request("/signin?error=CredentialsSignin&code=credentials");
    expect(await page.text()).toContain("Wrong email or password.");
  });

  it("signs out: the cookie is cleared and the dashboard redirects again", async () => {
    const client = new HttpClient(server.origin);
    await client.signIn("demo@example.com", "demo-password");
    const { csrfToken } = (await (await client.request("/api/auth/csrf")).json()) as { csrfToken: string };
    const signOut = await client.request("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }),
    });
    expect(signOut.status).toBe(302);
    expect(client.hasSessionCookie()).toBe(false);
    expect((await client.request("/dashboard")).status).toBe(307);
  });
});
