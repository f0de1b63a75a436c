import { decode, encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * Secret rotation: AUTH_SECRET is the current secret, AUTH_SECRET_1..3 the retired ones still
 * accepted. A session sealed under a retired secret keeps working and comes back re-sealed
 * under the current one; a secret dropped from the list signs its sessions out.
 */
const ORIGIN = "http://localhost:3000";
const COOKIE = "authjs.session-token";
const OLD = "old-secret-that-is-at-least-thirty-two-chars";
const NEW = "new-secret-that-is-at-least-thirty-two-chars";
const DEMO = { sub: "user-demo", id: "user-demo", email: "demo@example.com", name: "Demo User", role: "user" as const };

async function loadHandlers(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { handlers } = await import("@/auth");
  return handlers;
}

async function readSession(handlers: Awaited<ReturnType<typeof loadHandlers>>, token: string) {
  const request = new NextRequest(new URL("/api/auth/session", ORIGIN), { headers: { cookie: `${COOKIE}=${token}` } });
  const response = await handlers.GET(request);
  const reissued = response.headers
    .getSetCookie()
    .find((line) => line.startsWith(`${COOKIE}=`))
    ?.split(";")[0]
    ?.slice(COOKIE.length + 1);
  return { session: (await response.json()) as { user?: { email?: string } } | null, reissued };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("secret rotation", () => {
  it("keeps a session sealed with the retired secret and re-issues it under the current one", async () => {
    const handlers = await loadHandlers({ AUTH_SECRET: NEW, AUTH_SECRET_1: OLD });
    const oldToken = await encode({ token: DEMO, secret: OLD, salt: COOKIE });

    const { session, reissued } = await readSession(handlers, oldToken);
    expect(session?.user?.email).toBe("demo@example.com");
    expect(reissued).toBeDefined();
    const underNew = await decode({ token: reissued, secret: NEW, salt: COOKIE });
    expect(underNew?.email).toBe("demo@example.com");
    await expect(decode({ token: reissued, secret: OLD, salt: COOKIE })).rejects.toThrow();
  });

  it("signs out sessions sealed with a secret that was dropped from the list", async () => {
    const handlers = await loadHandlers({ AUTH_SECRET: NEW });
    const oldToken = await encode({ token: DEMO, secret: OLD, salt: COOKIE });

    const { session } = await readSession(handlers, oldToken);
    expect(session).toBeNull();
  });

  it("seals new sessions with AUTH_SECRET, not with a retired AUTH_SECRET_1", async () => {
    const handlers = await loadHandlers({ AUTH_SECRET: NEW, AUTH_SECRET_1: OLD });
    const newToken = await encode({ token: DEMO, secret: NEW, salt: COOKIE });

    const { reissued } = await readSession(handlers, newToken);
    expect((await decode({ token: reissued, secret: NEW, salt: COOKIE }))?.email).toBe("demo@example.com");
  });
});
