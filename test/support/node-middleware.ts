import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { isFresh, SOURCES } from "./build";

/**
 * The template with its middleware on Node.js: a copy of this checkout whose middleware.ts gains
 * the one line a user adds, `runtime: "nodejs",`. Its node_modules are hard links to this
 * checkout's: Turbopack refuses a node_modules linked from outside the project. Used by the
 * PostgreSQL session suite (`next build` of the copy, kept while fresh) and the bench's `--load`.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const notCopied = new Set([".git", "node_modules", ".next", ".vercel", ".open-next", ".wrangler"]);

/** middleware.ts with `runtime: "nodejs",` as the first line of its config. */
export function withNodeRuntime(source: string): string {
  const switched = source.replace(/^export const config = \{\n/m, (line) => `${line}  runtime: "nodejs",\n`);
  if (switched === source) throw new Error("middleware.ts: no `export const config = {` line to add the runtime to");
  return switched;
}

/** A folder for such a copy, one per checkout and purpose. */
export function nodeMiddlewareFolder(purpose: string): string {
  const id = createHash("sha256").update(root).digest("hex").slice(0, 12);
  return join(tmpdir(), `edge-auth-node-middleware-${purpose}-${id}`);
}

/** Replaces `folder` with a fresh copy of the checkout, middleware switched to Node.js. */
export function copyWithNodeMiddleware(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (!notCopied.has(entry)) cpSync(join(root, entry), join(folder, entry), { recursive: true });
  }
  execFileSync("cp", ["-al", realpathSync(join(root, "node_modules")), join(folder, "node_modules")]);
  const middleware = join(folder, "middleware.ts");
  writeFileSync(middleware, withNodeRuntime(readFileSync(middleware, "utf8")));
}

/** `next build` of the copy, for `next start` in it; rebuilt only when a source is newer. */
export function nodeMiddlewareBuild(): string {
  const folder = nodeMiddlewareFolder("next");
  const sources = SOURCES.map((source) => join(root, source));
  if (isFresh([join(folder, ".next", "BUILD_ID")], sources)) return folder;
  console.log(`Building the app with Node.js middleware in ${folder}...`);
  copyWithNodeMiddleware(folder);
  execFileSync("npm", ["run", "build"], { cwd: folder, stdio: ["ignore", "ignore", "inherit"] });
  return folder;
}
