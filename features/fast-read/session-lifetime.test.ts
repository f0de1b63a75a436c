import { encode as stockEncode } from "@auth/core/jwt";
import type { NextAuthConfig } from "next-auth";
import { afterEach, describe, expect, it, vi } from "vitest";

import { authConfig } from "@/auth.config";
import { createJwtCodec } from "./jwt-codec";
import { readSession, settleConfig } from "./session-read";

/**
 * A fork's most common change: "sessions last one hour, sliding". The config's `session.maxAge`
 * and `session.updateAge` must reach every reader: the shared read (middleware, `auth()`) with the
 * template's codec (the database variant: features/database-sessions).
 */
const SECRET = "lifetime-secret-at-least-thirty-two-characters";
const NAME = "authjs.session-token";
const START = Date.parse("2026-06-01T08:00:00Z");

function configWith(session: { maxAge: number; updateAge: number }): NextAuthConfig {
  return { ...authConfig, secret: SECRET, session: { strategy: "jwt", ...session }, jwt: createJwtCodec(session) };
}

/** One read as middleware makes it; the browser keeps whatever cookie comes back. */
async function read(config: NextAuthConfig, token: string): Promise<{ signedIn: boolean; token: string; reminted: boolean }> {
  const settled = await settleConfig(config)();
  const { session, setCookies } = await readSession(new Headers({ cookie: `${NAME}=${token}` }), settled);
  const set = setCookies.find((line) => line.startsWith(`${NAME}=`) && !line.startsWith(`${NAME}=;`));
  const next = set ? set.slice(NAME.length + 1, set.indexOf(";")) : token;
  return { signedIn: session !== null, token: next, reminted: next !== token };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("session lifetimes from the config", () => {
  it("keeps a user who reads every 20 minutes signed in for a day with maxAge 1 h (default updateAge)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(START);
    const config = configWith({ maxAge: 3600, updateAge: 24 * 3600 });
    let token = await stockEncode({ token: { sub: "user-demo", id: "user-demo", role: "user" }, secret: SECRET, salt: NAME, maxAge: 3600 });
    for (let minutes = 20; minutes <= 24 * 60; minutes += 20) {
      vi.setSystemTime(START + minutes * 60_000);
      const answer = await read(config, token);
      expect(answer.signedIn, `read at ${minutes} min`).toBe(true);
      token = answer.token;
    }
  });

  it("signs out after maxAge without a read, and re-mints on every read with updateAge 0", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(START);
    const everyRead = configWith({ maxAge: 3600, updateAge: 0 });
    const token = await stockEncode({ token: { sub: "user-demo", id: "user-demo", role: "user" }, secret: SECRET, salt: NAME, maxAge: 3600 });
    vi.setSystemTime(START + 60_000);
    expect((await read(everyRead, token)).reminted).toBe(true);
    vi.setSystemTime(START + 61 * 60_000);
    expect((await read(everyRead, token)).signedIn).toBe(false);
  });
});
