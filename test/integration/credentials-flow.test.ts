import { describe, expect, it } from "vitest";

import { authRequest, CookieJar, middlewareRequest, signInWithCredentials } from "../support/in-process";

describe("credentials sign-in through the real Auth.js handlers", () => {
  it("signs in the demo user and the session shows id and role", async () => {
    const jar = new CookieJar();
    const response = await signInWithCredentials(jar, "demo@example.com", "demo-password");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost:3000/dashboard");
    expect(jar.get("authjs.session-token")).toBeTruthy();

    const session: unknown = await (await authRequest("/api/auth/session", jar)).json();
    expect(session).toMatchObject({ user: { email: "demo@example.com", id: "user-demo", role: "user" } });
  });

  it("middleware lets the user in and forbids the admin page", async () => {
    const jar = new CookieJar();
    await signInWithCredentials(jar, "demo@example.com", "demo-password");
    expect((await middlewareRequest("/dashboard", jar)).headers.get("x-middleware-next")).toBe("1");
    const admin = await middlewareRequest("/admin", jar);
    expect(admin.status).toBe(403);
  });
});
