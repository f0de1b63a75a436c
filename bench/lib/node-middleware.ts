import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The template with its middleware on Node.js, for `--load` to measure beside the edge build
 * in the same run: a copy of this checkout whose middleware.ts gains the one line a user adds,
 * `runtime: "nodejs",`, built with `npm run build:opennext` (`.next` for `next start`, then
 * OpenNext's worker). Its node_modules are hard links to this checkout's: Turbopack refuses a
 * node_modules linked from outside the project. Rebuilt on every call: a few minutes.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const notCopied = new Set([".git", "node_modules", ".next", ".vercel", ".open-next", ".wrangler"]);

export function nodeMiddlewareFolder(): string {
  const id = createHash("sha256").update(root).digest("hex").slice(0, 12);
  return join(tmpdir(), `edge-auth-node-middleware-${id}`);
}

/** middleware.ts with `runtime: "nodejs",` as the first line of its config. */
export function withNodeRuntime(source: string): string {
  const switched = source.replace(/^export const config = \{\n/m, (line) => `${line}  runtime: "nodejs",\n`);
  if (switched === source) throw new Error("middleware.ts: no `export const config = {` line to add the runtime to");
  return switched;
}

export function buildNodeMiddleware(progress: (message: string) => void): string {
  const folder = nodeMiddlewareFolder();
  progress(`load · building the template with Node.js middleware in ${folder} (a few minutes)`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (!notCopied.has(entry)) cpSync(join(root, entry), join(folder, entry), { recursive: true });
  }
  // realpath: a worktree's node_modules may itself be a symlink, which `cp -a` would copy as one.
  execFileSync("cp", ["-al", realpathSync(join(root, "node_modules")), join(folder, "node_modules")]);
  const middleware = join(folder, "middleware.ts");
  writeFileSync(middleware, withNodeRuntime(readFileSync(middleware, "utf8")));
  execFileSync("npm", ["run", "build:opennext"], { cwd: folder, stdio: ["ignore", "ignore", "inherit"] });
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
