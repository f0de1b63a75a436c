import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildHostileCases, checkResponse, HostileTally, type HostileCase } from "../support/hostile-cases";
import { startServer, targets, type AppServer } from "../support/servers";

/**
 * The hostile-input table (test/support/hostile-cases.ts) against the built app on both deploy
 * targets: here the router decides what is served, so path tricks meet the real thing.
 */
async function csrfPair(origin: string): Promise<{ cookie: string; token: string }> {
  const response = await fetch(new URL("/api/auth/csrf", origin));
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("authjs.csrf-token="));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: (cookie ?? "").split(";")[0] ?? "", token: csrfToken };
}

describe.each(targets)("hostile input on %s", (target) => {
  const secret = randomBytes(32).toString("base64");
  const tally = new HostileTally();
  let server: AppServer;
  let cases: HostileCase[] = [];

  beforeAll(async () => {
    server = await startServer(target, { env: { AUTH_SECRET: secret } });
    cases = await buildHostileCases({
      origin: server.origin,
      secret,
      cookieName: "authjs.session-token",
      csrf: await csrfPair(server.origin),
      otherCsrf: await csrfPair(server.origin),
    });
  });
  afterAll(async () => {
    console.log(tally.summary(target));
    await server?.stop();
  });

  it("answers every case without a 5xx, a stack trace, protected content signed out or an off-site redirect", async () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const failures: string[] = [];
    for (const c of cases) {
      const response = await fetch(new URL(c.path, server.origin), {
        method: c.method ?? "GET",
        headers: c.headers,
        body: c.body,
        redirect: "manual",
      });
      const body = await response.text();
      const violations = checkResponse(c, { status: response.status, headers: response.headers, body }, server.origin);
      tally.record(violations);
      for (const v of violations) failures.push(`[${c.group}] ${c.name}: ${v.kind} (${v.detail})`);
    }
    expect(failures).toEqual([]);
  });
});
