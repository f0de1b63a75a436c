import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { HttpClient } from "../support/http-client";
import { startServer, type AppServer } from "../support/servers";

/**
 * The OpenNext worker's own checks (wrangler.opennext.jsonc); the app's behaviour on it is in
 * the shared suites (deploy-targets, hostile input, the callback matrix, the browser suite).
 */
const ASSETS_DIR = ".open-next/assets";

describe("wrangler deploy --dry-run --config wrangler.opennext.jsonc", () => {
  const outdir = mkdtempSync(join(tmpdir(), "opennext-dry-run-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("packages OpenNext's worker with the config as committed", async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      ["wrangler", "deploy", "--dry-run", "--config", "wrangler.opennext.jsonc", "--outdir", outdir],
      { env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
    expect(stdout).toContain("--dry-run: exiting now.");
    expect(stdout).toMatch(/Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
    expect(stdout).toContain("env.ASSETS");
  });
});

describe("static files on the OpenNext worker", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer("opennext");
  });
  afterAll(() => server?.stop());

  it("serves Next's hashed files with a year of immutable caching and nosniff (public/_headers)", async () => {
    // A stylesheet wherever the bundler put it: Turbopack (Next 16's `next build`) among the chunks.
    const stylesheet = readdirSync(join(ASSETS_DIR, "_next/static"), { recursive: true, encoding: "utf8" }).find((file) => file.endsWith(".css"));
    const css = `_next/static/${stylesheet ?? "missing.css"}`;
    const response = await fetch(`${server.origin}/${css}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe(readFileSync(join(ASSETS_DIR, css), "utf8"));
  });

  it("does not serve the _headers file itself", async () => {
    const response = await fetch(`${server.origin}/_headers`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("immutable");
  });
});

/**
 * KV on OpenNext's worker, which puts only string variables on process.env: the stores must
 * come from its Cloudflare context (platform/cloudflare/bindings.ts). Were they missed, the rate limit would
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
    expect(await ended.json()).toEqual({ userId: "user-demo", supported: true, strategy: "jwt", withinSeconds: 1, propagationSeconds: 60 });
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
