import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { copyWithNodeMiddleware, nodeMiddlewareFolder } from "../../test/support/node-middleware";

/**
 * The template with its middleware on Node.js, for `--load` to measure beside the edge build
 * in the same run: the checkout's copy with `runtime: "nodejs",` (test/support/node-middleware.ts),
 * built with `npm run build:opennext` (`.next` for `next start`, then OpenNext's worker), or
 * `npm run build` when no OpenNext server runs. Rebuilt on every call: a few minutes.
 */
export function buildNodeMiddleware(progress: (message: string) => void, script: "build:opennext" | "build" = "build:opennext"): string {
  const folder = nodeMiddlewareFolder("opennext");
  progress(`load · building the template with Node.js middleware in ${folder} (npm run ${script}, a few minutes)`);
  copyWithNodeMiddleware(folder);
  execFileSync("npm", ["run", script], { cwd: folder, stdio: ["ignore", "ignore", "inherit"] });
  return folder;
}

/**
 * Bytes of the middleware a build produced: for `next build`, the files Next's manifests list
 * for it (edge: middleware-manifest.json; Node.js: middleware.js and the chunks it loads); for
 * OpenNext, its middleware handler (edge middleware is bundled there; Node.js middleware runs
 * inside the server function and is counted with `next build`'s files).
 */
export function middlewareBytes(folder: string): { next: number; opennext?: number } {
  const server = join(folder, ".next", "server");
  const size = (path: string) => (existsSync(path) ? statSync(path).size : 0);
  const manifest = JSON.parse(readFileSync(join(server, "middleware-manifest.json"), "utf8")) as { middleware: Record<string, { files: string[] }> };
  const edgeFiles = Object.values(manifest.middleware).flatMap((entry) => entry.files);
  const next =
    edgeFiles.length > 0
      ? edgeFiles.reduce((sum, file) => sum + size(join(folder, ".next", file)), 0)
      : nodeMiddlewareFiles(server).reduce((sum, file) => sum + size(file), 0);
  const handler = join(folder, ".open-next", "middleware", "handler.mjs");
  return existsSync(handler) ? { next, opennext: size(handler) } : { next };
}

/** Node.js middleware: `middleware.js` and the server chunks its trace lists. */
function nodeMiddlewareFiles(server: string): string[] {
  const entry = join(server, "middleware.js");
  const trace = `${entry}.nft.json`;
  if (!existsSync(trace)) return [entry];
  const { files } = JSON.parse(readFileSync(trace, "utf8")) as { files: string[] };
  return [entry, ...files.map((file) => join(server, file)).filter((file) => file.startsWith(server) && file.endsWith(".js"))];
}
