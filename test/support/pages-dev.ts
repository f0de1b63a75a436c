import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

import { freePort, type RunningServer, watchOutput } from "./next-start";

/**
 * A minimal workerd for the HTTP suites: the next-on-pages build (see `ensureBuilds`) served
 * by `wrangler pages dev` on a free loopback port. Stops only the process it started.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const OUTPUT = `${root}.vercel/output/static`;

export async function startPagesDev(bindings: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const vars = { AUTH_URL: origin, AUTH_TRUST_HOST: "true", ...bindings };
  const args = [
    `${root}node_modules/wrangler/bin/wrangler.js`,
    "pages",
    "dev",
    OUTPUT,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(await freePort()),
    "--compatibility-flags",
    "nodejs_compat",
    "--compatibility-date",
    "2024-09-23",
    "--persist-to",
    mkdtempSync(`${tmpdir()}/pages-dev-`),
    "--show-interactive-dev-session=false",
    ...Object.entries(vars).flatMap(([key, value]) => ["--binding", `${key}=${value}`]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const watched = watchOutput(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await watched.waitForOutput((text) => /Ready on/.test(text), 120_000);
  return {
    origin,
    ...watched,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
