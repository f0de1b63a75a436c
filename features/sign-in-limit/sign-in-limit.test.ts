import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

import { POST } from "@/app/api/auth/[...nextauth]/route";

import { CookieJar, getCsrfToken, ORIGIN } from "../../test/support/in-process";

/**
 * The brute-force guard on the real credentials endpoint (route handler + Auth.js), sent as an
 * attacker sends it: raw form bodies (repeated fields included), JSON, forged IP headers.
 * Each test uses its own accounts, so the per-isolate counters of one test do not reach another.
 */
const LIMIT = 10;

async function post(jar: CookieJar, body: string, headers: Record<string, string> = {}, contentType = "application/x-www-form-urlencoded"): Promise<Response> {
  const all = new Headers({ "content-type": contentType, ...headers });
  all.set("cookie", jar.header());
  // Next hands route handlers a NextRequest.
  return POST(new NextRequest(new URL("/api/auth/callback/credentials", ORIGIN), { method: "POST", body, headers: all }));
}

async function attempt(fields: [string, string][], headers: Record<string, string> = {}): Promise<Response> {
  const jar = new CookieJar();
  const csrfToken = await getCsrfToken(jar);
  return post(jar, new URLSearchParams([["csrfToken", csrfToken], ["callbackUrl", "/dashboard"], ...fields]).toString(), headers);
}

const signedIn = (response: Response) => response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token="));

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("credentials sign-in rate limit", () => {
  it("answers 429 with Retry-After once an account has had too many attempts, even with the right password", async () => {
    for (let i = 0; i < LIMIT; i++) {
      const wrong = await attempt([["email", "admin@example.com"], ["password", `guess-${i}`]]);
      expect(wrong.status).toBe(302);
      expect(wrong.headers.get("location")).toContain("error=CredentialsSignin");
    }
    const limited = await attempt([["email", "admin@example.com"], ["password", "admin-password"]]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // `url` is where next-auth/react's signIn() reads the error from, so the form shows the sentence.
    expect(await limited.json()).toEqual({
      error: "TooManyAttempts",
      message: "Too many sign-in attempts. Please wait and try again.",
      url: `${ORIGIN}/signin?error=TooManyAttempts`,
    });
    expect(signedIn(limited)).toBe(false);
    // Still locked: the right password a moment later is refused too.
    expect((await attempt([["email", "admin@example.com"], ["password", "admin-password"]])).status).toBe(429);
  });

  it("leaves other accounts signing in while one is locked", async () => {
    const ok = await attempt([["email", "demo@example.com"], ["password", "demo-password"]]);
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  });

  it("counts the e-mail Auth.js checks (the last of repeated fields), whatever comes first", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const response = await attempt([["email", `decoy-${i}@example.com`], ["email", "dup-victim@example.com"], ["password", `guess-${i}`]]);
      statuses.push(response.status);
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(302));
    expect(statuses[LIMIT]).toBe(429);
  });

  it("does not let a good password for one account, sent beside another's e-mail, reset that other account's count", async () => {
    for (let i = 0; i < LIMIT; i++) await attempt([["email", "reset-victim@example.com"], ["password", `guess-${i}`]]);
    // Auth.js signs in the last e-mail (demo's, right password); the victim's e-mail rides in front.
    const decoy = await attempt([["email", "reset-victim@example.com"], ["email", "demo@example.com"], ["password", "demo-password"]]);
    expect(signedIn(decoy)).toBe(true);
    expect((await attempt([["email", "reset-victim@example.com"], ["password", "another-guess"]])).status).toBe(429);
  });

  it("counts JSON sign-in bodies, which Auth.js accepts beside forms", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const jar = new CookieJar();
      const csrfToken = await getCsrfToken(jar);
      const body = JSON.stringify({ csrfToken, email: "json-victim@example.com", password: `guess-${i}`, callbackUrl: "/dashboard" });
      statuses.push((await post(jar, body, {}, "application/json")).status);
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(302));
    expect(statuses[LIMIT]).toBe(429);
  });

  it("does not count attempts that fail Auth.js's CSRF check", async () => {
    const jar = new CookieJar();
    await getCsrfToken(jar);
    for (let i = 0; i < 3 * LIMIT; i++) {
      const forged = await post(jar, new URLSearchParams({ csrfToken: "0".repeat(64), email: "csrf-victim@example.com", password: "x" }).toString());
      expect(forged.headers.get("location")).toContain("error=MissingCSRF");
    }
    const owner = await attempt([["email", "demo@example.com"], ["password", "demo-password"]]);
    expect(owner.status).toBe(302);
    const victim = await attempt([["email", "csrf-victim@example.com"], ["password", "x"]]);
    expect(victim.headers.get("location")).toContain("error=CredentialsSignin");
  });

  it("answers a long e-mail with a sign-in error, not a 500", async () => {
    const response = await attempt([["email", `${"a".repeat(600)}@example.com`], ["password", "x"]]);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("error=CredentialsSignin");
  });
});

describe("credentials sign-in rate limit: which client IP counts", () => {
  it("without a trusted source, forged IP headers give no fresh count: the account alone is counted", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const forged = { "x-forwarded-for": `203.0.113.${i}`, "cf-connecting-ip": `198.51.100.${i}`, "x-real-ip": `192.0.2.${i}` };
      statuses.push((await attempt([["email", "forged-ip-victim@example.com"], ["password", `guess-${i}`]], forged)).status);
    }
    expect(statuses[LIMIT]).toBe(429);
  });

  it("behind a named proxy, counts per account from that IP: an attacker elsewhere cannot lock the owner out", async () => {
    vi.stubEnv("AUTH_CLIENT_IP_HEADER", "x-real-ip");
    const attacker = { "x-real-ip": "203.0.113.66" };
    for (let i = 0; i < LIMIT; i++) await attempt([["email", "demo@example.com"], ["password", `guess-${i}`]], attacker);
    expect((await attempt([["email", "demo@example.com"], ["password", "demo-password"]], attacker)).status).toBe(429);

    const owner = await attempt([["email", "demo@example.com"], ["password", "demo-password"]], { "x-real-ip": "198.51.100.20" });
    expect(owner.status).toBe(302);
    expect(signedIn(owner)).toBe(true);
  });

  it("behind a proxy that appends to X-Forwarded-For, counts the address it appended, not what the client put first", async () => {
    vi.stubEnv("AUTH_CLIENT_IP_HEADER", "x-forwarded-for");
    const statuses: number[] = [];
    // Fifty-one accounts, one guess each, from one real address behind forged first hops and platform headers.
    for (let i = 0; i <= 50; i++) {
      const forged = { "x-forwarded-for": `203.0.113.${i}, 198.51.100.7`, "cf-connecting-ip": `192.0.2.${i}`, "x-real-ip": `192.0.2.${i}` };
      statuses.push((await attempt([["email", `stuffing-${i}@example.com`], ["password", "guess"]], forged)).status);
    }
    expect(statuses.slice(0, 50)).toEqual(Array(50).fill(302));
    expect(statuses[50]).toBe(429);
  }, 60_000);
});
