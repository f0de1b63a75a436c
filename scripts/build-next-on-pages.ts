// `npm run build:cloudflare`: the next-on-pages build (Cloudflare Pages and the Worker in
// wrangler.worker.toml), from the same app/ that `next build` and OpenNext build.
//
// The three builds want different route runtimes: next-on-pages fails unless every page and
// route handler declares `export const runtime = "edge"`, OpenNext refuses to build when one
// does, and `next start`/Vercel run them on Node (docs/deploy.md says why). So app/ declares no
// runtime, and this script builds a copy of the project in which every page and route handler
// declares the edge runtime, then moves the output (`.vercel/output`) back. It never writes a
// source file: an interrupted build leaves the working tree as it was, and the copy lives
// outside the repository (replaced on the next run). Middleware is edge in this build whatever
// middleware.ts's `runtime` says: workerd runs next-on-pages' output as edge functions only.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Build outputs and installed packages are not sources; everything else is copied.
const notCopied = new Set([".git", "node_modules", ".next", ".vercel", ".open-next", ".wrangler"]);
const routeFile = /^(page|route)\.(ts|tsx|js|jsx)$/;
const declaresRuntime = /^\s*export\s+const\s+runtime\s*=/m;

/**
 * One stable folder per checkout, so Next's build cache (`.next/cache`) survives between runs.
 * Its `.next` is a `next build` with edge routes, which `npm run bench -- --load` also serves.
 */
export function stageFolder(): string {
  const id = createHash("sha256").update(root).digest("hex").slice(0, 12);
  return join(tmpdir(), `edge-auth-next-on-pages-${id}`);
}

function prepareStage(stage: string): void {
  mkdirSync(stage, { recursive: true });
  for (const entry of readdirSync(stage)) {
    if (entry !== ".next") rmSync(join(stage, entry), { recursive: true, force: true });
  }
  for (const entry of readdirSync(root)) {
    if (!notCopied.has(entry)) cpSync(join(root, entry), join(stage, entry), { recursive: true });
  }
  symlinkSync(join(root, "node_modules"), join(stage, "node_modules"), "dir");
  // `vercel build` (which next-on-pages runs) installs dependencies first; through the link it
  // would replace the project's node_modules with a fresh install. They are installed already.
  // Webpack, not Next 16's default Turbopack: Turbopack will not build through the linked
  // node_modules ("Could not find the Next.js package (next/package.json)").
  const vercelJson = join(stage, "vercel.json");
  const vercel = { ...JSON.parse(readFileSync(vercelJson, "utf8")), installCommand: "", buildCommand: "next build --webpack" };
  writeFileSync(vercelJson, JSON.stringify(vercel, null, 2));
}

/** Adds the edge runtime to every page and route handler of the copy; returns their paths. */
function declareEdgeRuntime(folder: string, stage: string): string[] {
  const changed: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      changed.push(...declareEdgeRuntime(path, stage));
    } else if (routeFile.test(entry.name)) {
      const source = readFileSync(path, "utf8");
      if (declaresRuntime.test(source)) {
        // A route that picks its own runtime breaks one of the builds; the choice is made here.
        throw new Error(`${relative(stage, path)} declares a runtime; routes take theirs from the build (scripts/build-next-on-pages.ts).`);
      }
      writeFileSync(path, `${source}\n// Added by scripts/build-next-on-pages.ts: next-on-pages serves only edge routes.\nexport const runtime = "edge";\n`);
      changed.push(relative(stage, path));
    }
  }
  return changed;
}

/** The copy's middleware on the edge runtime (Next's default), whichever runtime middleware.ts picks. */
function keepEdgeMiddleware(stage: string): void {
  const path = join(stage, "middleware.ts");
  writeFileSync(path, readFileSync(path, "utf8").replace(/^\s*runtime:\s*"nodejs",?\n/m, ""));
}

function main(): void {
  const stage = stageFolder();
  prepareStage(stage);
  keepEdgeMiddleware(stage);
  const routes = declareEdgeRuntime(join(stage, "app"), stage);
  console.log(`next-on-pages build in ${stage}: edge runtime on ${routes.length} routes (${routes.join(", ")})`);
  execFileSync("npx", ["next-on-pages", ...process.argv.slice(2)], { cwd: stage, stdio: "inherit" });

  const output = join(root, ".vercel", "output");
  rmSync(output, { recursive: true, force: true });
  mkdirSync(dirname(output), { recursive: true });
  if (!existsSync(join(stage, ".vercel", "output"))) throw new Error("next-on-pages wrote no .vercel/output");
  // A copy, not a rename: the temporary folder may be on another file system.
  cpSync(join(stage, ".vercel", "output"), output, { recursive: true });
  console.log(`next-on-pages output: ${relative(root, output)}/static`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) main();
