import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

/** Cookie flags as a browser receives them, over http (local) and behind https (deployed). */
afterEach(() => {
  vi.unstubAllEnvs();
});

async function signInCookies(origin: string): Promise<string[]> {
  vi.resetModules();
  vi.stubEnv("AUTH_URL", origin);
  const { handlers } = await import("@/auth");
  const csrf = await handlers.GET(new NextRequest(new URL("/api/auth/csrf", origin)));
  const csrfCookie = csrf.headers.getSetCookie().map((line) => line.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await handlers.POST(
    new NextRequest(new URL("/api/auth/callback/credentials", origin), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, email: "demo@example.com", password: "demo-password" }).toString(),
    }),
  );
  return [...csrf.headers.getSetCookie(), ...signIn.headers.getSetCookie()];
}

describe("cookie attributes", () => {
  it("behind https: __Secure-/__Host- names, Secure, HttpOnly, SameSite=Lax on every auth cookie", async () => {
    const cookies = await signInCookies("https://app.example");
    const session = cookies.find((line) => line.startsWith("__Secure-authjs.session-token="));
    expect(session).toBeDefined();
    expect(cookies.some((line) => line.startsWith("__Host-authjs.csrf-token="))).toBe(true);
    for (const line of cookies) {
      expect(line, line.split("=")[0]).toMatch(/;\s*Secure/i);
      expect(line, line.split("=")[0]).toMatch(/;\s*HttpOnly/i);
      expect(line, line.split("=")[0]).toMatch(/;\s*SameSite=Lax/i);
    }
  });

  it("over plain http (local): HttpOnly and SameSite=Lax, no Secure (a browser would drop it)", async () => {
    const cookies = await signInCookies("http://localhost:3000");
    const session = cookies.find((line) => line.startsWith("authjs.session-token="));
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    expect(session).not.toMatch(/;\s*Secure/i);
  });
});
