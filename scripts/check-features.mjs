// Proves every feature comes off with its folder and its line: for each folder under features/,
// in a temporary copy of the project (node_modules linked, not copied), delete the folder, its
// import and its entry in auth.config.ts's list, then run `npm run typecheck` and `npm test`.
// Fails if any run fails. usage: npm run check:features [-- name …]
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const root = process.cwd();
// bench/ is its own package: neither the typecheck nor npm test reads it.
const skipped = new Set(["node_modules", ".git", ".next", ".open-next", ".vercel", ".wrangler", "coverage", "test-results", "bench"]);
const all = readdirSync(join(root, "features"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
const wanted = process.argv.slice(2);
const names = wanted.length ? all.filter((name) => wanted.includes(name)) : all;

/** auth.config.ts without the feature: its import line, and the list entries calling what it imported. */
function withoutFeature(source, name) {
  const importLine = new RegExp(`^import \\{([^}]*)\\} from "@/features/${name}";\\n`, "m");
  const match = importLine.exec(source);
  if (!match) throw new Error(`auth.config.ts does not import @/features/${name}`);
  const factories = match[1].split(",").map((s) => s.trim()).filter(Boolean);
  let result = source.replace(importLine, "");
  for (const factory of factories) {
    const entry = new RegExp(`^\\s*${factory}\\([^\\n]*\\),?\\s*(//[^\\n]*)?\\n`, "m");
    if (!entry.test(result)) throw new Error(`auth.config.ts's list has no line calling ${factory}()`);
    result = result.replace(entry, "");
  }
  return result;
}

function run(cwd, args) {
  const started = Date.now();
  const { status } = spawnSync("npm", args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: process.env });
  return { ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}

const results = [];
for (const name of names) {
  const copy = mkdtempSync(join(tmpdir(), `check-features-${name}-`));
  try {
    for (const entry of readdirSync(root)) {
      if (!skipped.has(entry)) cpSync(join(root, entry), join(copy, entry), { recursive: true, verbatimSymlinks: true });
    }
    symlinkSync(realpathSync(join(root, "node_modules")), join(copy, "node_modules"));
    rmSync(join(copy, "features", name), { recursive: true });
    const config = join(copy, "auth.config.ts");
    writeFileSync(config, withoutFeature(readFileSync(config, "utf8"), name));

    console.log(`\n=== without features/${name} (${basename(copy)}): typecheck`);
    const typecheck = run(copy, ["run", "typecheck"]);
    console.log(`\n=== without features/${name}: npm test`);
    const test = typecheck.ok ? run(copy, ["test"]) : { ok: false, seconds: 0 };
    results.push({ name, typecheck, test });
  } catch (error) {
    results.push({ name, error: error instanceof Error ? error.message : String(error) });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

console.log("\ncheck-features:");
for (const r of results) {
  if (r.error) console.log(`  ${r.name}: FAILED (${r.error})`);
  else console.log(`  ${r.name}: typecheck ${r.typecheck.ok ? "ok" : "FAILED"} (${r.typecheck.seconds} s), npm test ${r.test.ok ? "ok" : r.typecheck.ok ? "FAILED" : "not run"} (${r.test.seconds} s)`);
}
if (names.length === 0 || results.some((r) => r.error || !r.typecheck.ok || !r.test.ok)) process.exit(1);
