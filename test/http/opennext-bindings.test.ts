import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { HttpClient } from "../support/http-client";
import { startServer, type AppServer } from "../support/servers";

/**
 * KV on OpenNext's worker, which puts only string variables on process.env: the stores must
 * come from its Cloudflare context (lib/bindings.ts). Were they missed, the rate limit would
 * count in memory (gone after a restart) and "Sign out everywhere" would answer that no store
 * is bound. D1 on OpenNext: test/http/deploy-targets.test.ts.
 */
describe("KV bindings on the OpenNext worker", () => {
  const state = mkdtempSync(join(tmpdir(), "edge-auth-opennext-kv-"));
  const wranglerArgs = ["--kv", "SESSION_VERSION_KV", "--kv", "RATE_LIMIT_KV", "--persist-to", state];
  const env = { AUTH_SESSION_CHECK_SECONDS: "1" };
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer("opennext", { env, wranglerArgs });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  it("ends a JWT session on another device through SESSION_VERSION_KV", async () => {
    const laptop = new HttpClient(server.origin);
    await laptop.signIn("demo@example.com", "demo-password");
    const phone = new HttpClient(server.origin);
    await phone.signIn("demo@example.com", "demo-password");

    const ended = await laptop.request("/api/sessions", { method: "DELETE", headers: { origin: server.origin } });
    expect(await ended.json()).toEqual({ userId: "user-demo", supported: true, strategy: "jwt", withinSeconds: 1 });
    // Polled, not timed: the phone's next check after AUTH_SESSION_CHECK_SECONDS refuses it.
    await expect.poll(async () => (await phone.request("/api/me")).status, { timeout: 20_000, interval: 250 }).toBe(401);
  });

  it("keeps sign-in attempt counts in RATE_LIMIT_KV: the limit outlives a restart", async () => {
    const attacker = new HttpClient(server.origin);
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await attacker.signIn("admin@example.com", `wrong-${i}`)).status;
    expect(last).toBe(429);

    await server.stop();
    server = await startServer("opennext", { env, wranglerArgs });
    expect((await new HttpClient(server.origin).signIn("admin@example.com", "admin-password")).status).toBe(429);
  });
});
