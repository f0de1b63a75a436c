import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Vitest global setup for suites that start real servers: builds what is missing or older than
 * the sources. Two builds serve the three kinds of server:
 * - `npm run build:opennext` runs `next build` (routes on Node: `.next` for `next start`) and
 *   bundles that output into OpenNext's worker (`.open-next`);
 * - `npm run build:cloudflare` runs next-on-pages on a copy of the app whose routes declare the
 *   edge runtime (`.vercel/output/static`, for Pages and the Worker).
 */
export const SOURCES = ["app", "lib", "features", "platform", "public", "auth.config.ts", "auth.ts", "middleware.ts", "next.config.ts", "package-lock.json"];
const builds = [
  { script: "build:opennext", outputs: [".next/BUILD_ID", ".open-next/worker.js"], extra: ["open-next.config.ts", "wrangler.opennext.jsonc"] },
  { script: "build:cloudflare", outputs: [".vercel/output/static/_worker.js/index.js"], extra: ["scripts/build-next-on-pages.ts"] },
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

export function isFresh(outputs: readonly string[], inputs: readonly string[]): boolean {
  if (!outputs.every((output) => existsSync(output))) return false;
  const built = Math.min(...outputs.map((output) => statSync(output).mtimeMs));
  return inputs.every((source) => newestMtime(source) < built);
}

export function isBuildFresh(): boolean {
  return builds.every(({ outputs, extra }) => isFresh(outputs, [...SOURCES, ...extra]));
}

export default function setup(): void {
  if (process.env.SKIP_BUILD === "1") return;
  for (const { script, outputs, extra } of builds) {
    if (isFresh(outputs, [...SOURCES, ...extra])) continue;
    console.log(`Building: npm run ${script}...`);
    execFileSync("npm", ["run", script], { stdio: "inherit" });
  }
}
