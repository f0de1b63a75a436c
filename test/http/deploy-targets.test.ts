import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { HttpClient } from "../support/http-client";
import { migratedLocalD1, type LocalD1 } from "../support/local-d1";
import { startServer, type AppServer, type Target } from "../support/servers";

/**
 * JWT sessions on every target (next start, Pages and the Worker from next-on-pages, the
 * OpenNext worker), and database sessions where they can run: D1 exists only on workerd.
 */
const variants: { target: Target; strategy: "jwt" | "database" }[] = [
  { target: "next", strategy: "jwt" },
  { target: "workerd", strategy: "jwt" },
  { target: "workerd", strategy: "database" },
  // `wrangler deploy`'s Worker with static assets (wrangler.worker.toml); its own checks: worker-deploy.test.ts.
  { target: "worker", strategy: "jwt" },
  // OpenNext's worker: D1 reaches the app through its Cloudflare context (platform/cloudflare/bindings.ts).
  { target: "opennext", strategy: "jwt" },
  { target: "opennext", strategy: "database" },
];

describe.each(variants)("deployed app on $target with $strategy sessions", ({ target, strategy }) => {
  let server: AppServer;
  let d1: LocalD1 | undefined;
  beforeAll(async () => {
    d1 = strategy === "database" ? await migratedLocalD1() : undefined;
    server = await startServer(target, { env: { AUTH_SESSION_STRATEGY: strategy }, wranglerArgs: d1?.wranglerArgs });
  });
  afterAll(async () => {
    await server?.stop();
    d1?.remove();
  });

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

  it.each(["/", "/signin", "/dashboard", "/no-such-page", "/api/auth/csrf"])("sends the security headers on %s", async (path) => {
    const response = await fetch(new URL(path, server.origin), { redirect: "manual" });
    expect(response.headers.get("content-security-policy") ?? "").toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("answers signed-out visitors: 401 JSON on the API, a redirect to sign-in on pages", async () => {
    const client = new HttpClient(server.origin);
    const me = await client.request("/api/me");
    expect(me.status).toBe(401);
    expect(await me.json()).toEqual({ error: "unauthorized" });

    const dashboard = await client.request("/dashboard");
    expect(dashboard.status).toBe(307);
    // OpenNext sends same-origin redirects as a relative Location (valid; browsers resolve it).
    const target = new URL(dashboard.headers.get("location") ?? "", server.origin);
    expect(target.origin).toBe(server.origin);
    expect(target.pathname).toBe("/signin");
  });

  it("sends a wrong password back to the sign-in page with an error, not a 500", async () => {
    const client = new HttpClient(server.origin);
    const response = await client.signIn("demo@example.com", "wrong-password");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${server.origin}/signin?error=CredentialsSignin&code=credentials`);
    expect(client.sessionCookie() !== undefined).toBe(false);

    const page = await client.request("/signin?error=CredentialsSignin&code=credentials");
    expect(await page.text()).toContain("Wrong email or password.");
  });

  it("signs out: the cookie is cleared and the dashboard redirects again", async () => {
    const client = new HttpClient(server.origin);
    await client.signIn("demo@example.com", "demo-password");
    const signOut = await client.signOut();
    expect(signOut.status).toBe(302);
    expect(client.sessionCookie()).toBeUndefined();
    expect((await client.request("/dashboard")).status).toBe(307);
  });

  // The trade-off in one test: signing out deletes a database session's row, so a copy of the
  // cookie dies with it; a JWT is valid until it expires (SECURITY.md, revocation).
  it(`${strategy === "database" ? "ends" : "does not end"} a copied session cookie on sign-out`, async () => {
    const client = new HttpClient(server.origin);
    await client.signIn("demo@example.com", "demo-password");
    const copied = client.sessionCookie() ?? "";
    expect(copied).not.toBe("");
    if (strategy === "database") expect(copied).toMatch(/^authjs\.session-token=[0-9a-f-]{36}$/);
    await client.signOut();

    const replay = await fetch(new URL("/api/me", server.origin), { headers: { cookie: copied } });
    expect(replay.status).toBe(strategy === "database" ? 401 : 200);
  });
});
