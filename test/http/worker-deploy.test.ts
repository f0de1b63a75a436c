import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startServer, type AppServer } from "../support/servers";

/**
 * `wrangler deploy` route: the next-on-pages build as a Worker with static assets
 * (wrangler.worker.toml), checked offline with a dry run and served by `wrangler dev` on workerd.
 */
const STATIC_DIR = ".vercel/output/static";

describe("wrangler deploy --dry-run --config wrangler.worker.toml", () => {
  const outdir = mkdtempSync(join(tmpdir(), "worker-dry-run-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("packages the worker with its route chunks, and no server code among the public assets", async () => {
    // wrangler exits non-zero if `_worker.js` would be uploaded as an asset (no .assetsignore).
    const { stdout } = await promisify(execFile)(
      "npx",
      ["wrangler", "deploy", "--dry-run", "--config", "wrangler.worker.toml", "--outdir", outdir],
      { env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
    expect(stdout).toContain("--dry-run: exiting now.");
    expect(stdout).toMatch(/Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
    // The lazily imported chunks travel beside the entry, or routes fail with "No such module".
    expect(stdout).toContain("__next-on-pages-dist__/functions/api/auth/[...nextauth].func.js");
    expect(readdirSync(outdir)).toEqual(expect.arrayContaining(["index.js", "__next-on-pages-dist__"]));
  });
});

describe("wrangler dev --config wrangler.worker.toml", () => {
  let server: AppServer;
  beforeAll(async () => {
    server = await startServer("worker");
  });
  afterAll(() => server?.stop());

  it("serves Next's static files as assets", async () => {
    const css = `_next/static/css/${readdirSync(join(STATIC_DIR, "_next/static/css"))[0] ?? "missing.css"}`;
    const response = await fetch(`${server.origin}/${css}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(await response.text()).toBe(readFileSync(join(STATIC_DIR, css), "utf8"));
  });

  it.each(["/_worker.js/index.js", "/_routes.json", "/.assetsignore"])("does not serve %s", async (path) => {
    const response = await fetch(`${server.origin}${path}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("__next-on-pages-dist__");
  });

  it("runs the worker (middleware, security headers) for prerendered pages too, as Pages does", async () => {
    const response = await fetch(`${server.origin}/500`);
    expect(response.headers.get("content-security-policy") ?? "").toContain("frame-ancestors 'none'");
  });
});
