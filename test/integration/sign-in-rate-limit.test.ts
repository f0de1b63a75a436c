import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

import { POST } from "@/app/api/auth/[...nextauth]/route";
import { SIGN_IN_LIMITS } from "@/lib/rate-limit";

import { CookieJar, form, getCsrfToken, ORIGIN } from "../support/in-process";

/** The brute-force guard on the real credentials endpoint (route handler + Auth.js). */
async function attempt(jar: CookieJar, email: string, password: string, ip: string): Promise<Response> {
  const csrfToken = await getCsrfToken(jar);
  const { body, headers: formHeaders } = form({ csrfToken, email, password, callbackUrl: "/dashboard" });
  const headers = new Headers(formHeaders);
  headers.set("cookie", jar.header());
  headers.set("x-forwarded-for", ip);
  // Next hands route handlers a NextRequest.
  return POST(new NextRequest(new URL("/api/auth/callback/credentials", ORIGIN), { method: "POST", body, headers }));
}

describe("credentials sign-in rate limit", () => {
  it("answers 429 with Retry-After once an account has had too many attempts, even with the right password", async () => {
    const jar = new CookieJar();
    for (let i = 0; i < SIGN_IN_LIMITS.account.max; i++) {
      const wrong = await attempt(jar, "admin@example.com", `guess-${i}`, `198.51.100.${i}`);
      expect(wrong.status).toBe(302);
      expect(wrong.headers.get("location")).toContain("error=CredentialsSignin");
    }
    const limited = await attempt(jar, "admin@example.com", "admin-password", "198.51.100.200");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // `url` is where next-auth/react's signIn() reads the error from, so the form shows the sentence.
    expect(await limited.json()).toEqual({
      error: "TooManyAttempts",
      message: "Too many sign-in attempts. Please wait and try again.",
      url: `${ORIGIN}/signin?error=TooManyAttempts`,
    });
    expect(limited.headers.getSetCookie().some((line) => line.includes("session-token"))).toBe(false);
  });

  it("leaves other accounts signing in while one is locked", async () => {
    const jar = new CookieJar();
    const ok = await attempt(jar, "demo@example.com", "demo-password", "198.51.100.201");
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  });
});
