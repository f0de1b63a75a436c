import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

import { CookieJar, ORIGIN } from "../support/in-process";

/**
 * "Sign out everywhere" with JWT sessions, through the real handlers: with
 * AUTH_SESSION_CHECK_SECONDS set, bumping the user's session version ends their sessions.
 */
afterEach(() => {
  vi.unstubAllEnvs();
});

async function load(checkSeconds: string) {
  vi.resetModules();
  vi.stubEnv("AUTH_SESSION_CHECK_SECONDS", checkSeconds);
  const { handlers } = await import("@/auth");
  const { getSessionVersionStore } = await import("@/lib/session-version");
  const send = async (jar: CookieJar, path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) => {
    const headers = new Headers(init.headers);
    if (jar.header()) headers.set("cookie", jar.header());
    const request = new NextRequest(new URL(path, ORIGIN), { method: init.method, body: init.body, headers });
    const response = await (request.method === "POST" ? handlers.POST : handlers.GET)(request);
    jar.store(response);
    return response;
  };
  const signIn = async (jar: CookieJar) => {
    const { csrfToken } = (await (await send(jar, "/api/auth/csrf")).json()) as { csrfToken: string };
    await send(jar, "/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: "demo@example.com", password: "demo-password" }).toString(),
    });
  };
  const session = async (jar: CookieJar) => (await (await send(jar, "/api/auth/session")).json()) as { user?: { email?: string } } | null;
  return { store: getSessionVersionStore(), signIn, session };
}

describe("revocation by session version", () => {
  it("signs every device out when the user's version is bumped", async () => {
    const { store, signIn, session } = await load("0");
    const laptop = new CookieJar();
    const phone = new CookieJar();
    await signIn(laptop);
    await signIn(phone);
    expect((await session(laptop))?.user?.email).toBe("demo@example.com");
    expect((await session(phone))?.user?.email).toBe("demo@example.com");

    await store.bump("user-demo");

    expect(await session(laptop)).toBeNull();
    expect(await session(phone)).toBeNull();
    expect(laptop.get("authjs.session-token")).toBeUndefined();
  });

  it("keeps a session signed in after a bump until its check interval has passed", async () => {
    const { store, signIn, session } = await load("3600");
    const jar = new CookieJar();
    await signIn(jar);
    await store.bump("user-demo");
    expect((await session(jar))?.user?.email).toBe("demo@example.com");
  });
});
