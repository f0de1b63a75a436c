import { afterEach, describe, expect, it, vi } from "vitest";

/** The module as a process with these variables loads it: the variables are parsed once per process. */
async function withEnv(env: Record<string, string | undefined>): Promise<typeof import("@/lib/end-sessions")> {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return import("@/lib/end-sessions");
}

/** What "sign out everywhere" promises under each configuration (with KV and D1 bound, on workerd: test/http/end-sessions.test.ts). */
describe("ending a user's sessions", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("says JWT sessions cannot be ended early while the session check is off (the default)", async () => {
    const { endSessions, sessionEnding } = await withEnv({ AUTH_SESSION_CHECK_SECONDS: undefined });
    const ending = sessionEnding();
    expect(ending).toEqual({ supported: false, reason: expect.stringContaining("AUTH_SESSION_CHECK_SECONDS") });
    expect(await endSessions("user-demo")).toEqual(ending);
  });

  it("asks for the shared KV store when the check is on but only this isolate's memory exists", async () => {
    const { sessionEnding } = await withEnv({ AUTH_SESSION_CHECK_SECONDS: "60" });
    expect(sessionEnding()).toEqual({ supported: false, reason: expect.stringContaining("SESSION_VERSION_KV") });
  });

});
