import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Vitest global setup for suites that start real servers: builds the app once when the build
 * is missing or older than the sources. `next-on-pages` runs `vercel build`, which runs
 * `next build`, so one build leaves both outputs: `.next` for `next start` and
 * `.vercel/output/static` for `wrangler pages dev`.
 */
const outputs = [".next/BUILD_ID", ".vercel/output/static/_worker.js/index.js"];
const sources = ["app", "lib", "public", "auth.config.ts", "auth.ts", "middleware.ts", "next.config.ts", "package-lock.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

export function isBuildFresh(): boolean {
  if (!outputs.every((output) => existsSync(output))) return false;
  const built = Math.min(...outputs.map((output) => statSync(output).mtimeMs));
  return sources.every((source) => newestMtime(source) < built);
}

export default function setup(): void {
  if (process.env.SKIP_BUILD === "1" || isBuildFresh()) return;
  console.log("Building both targets (next-on-pages runs next build)...");
  execFileSync("npm", ["run", "build:cloudflare"], { stdio: "inherit" });
}
