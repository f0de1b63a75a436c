// Proves every feature comes off with its folder and its line: for each folder under features/,
// in a temporary copy of the project (node_modules linked, not copied), delete the folder, its
// import and its entry in auth.config.ts's list, then run `npm run typecheck` and `npm test`.
// Fails if any run fails. usage: npm run check:features [-- name …]
// bench/ may import a feature's index.ts to measure it; without the feature that measurement
// goes too, so when bench/ names the feature the copy leaves bench/ out of the typecheck and
// drops the tests that import or run the bench (the check proves the app, not its benchmark).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

const root = process.cwd();
const skipped = new Set(["node_modules", ".git", ".next", ".open-next", ".vercel", ".wrangler", "coverage", "test-results"]);
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

/** Every .ts file under `dir`, recursively. */
function sourcesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** Leaves the bench out of the copy's checks when it measures the removed feature; returns why, or nothing. */
function withoutBenchOf(copy, name) {
  const importers = sourcesUnder(join(copy, "bench")).filter((file) => new RegExp(`features/${name}(/index)?["']`).test(readFileSync(file, "utf8")));
  if (importers.length === 0) return undefined;
  const tsconfig = join(copy, "tsconfig.json");
  const config = JSON.parse(readFileSync(tsconfig, "utf8"));
  config.exclude = [...(config.exclude ?? []), "bench"];
  writeFileSync(tsconfig, JSON.stringify(config, null, 2));
  for (const file of sourcesUnder(join(copy, "test"))) {
    if (file.endsWith(".test.ts") && /["'](@\/|(\.\.\/)+)bench\/|"bench\/run\.ts"/.test(readFileSync(file, "utf8"))) rmSync(file);
  }
  return importers.map((file) => file.slice(copy.length + 1)).join(", ");
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
    const benchImporters = withoutBenchOf(copy, name);
    if (benchImporters) console.log(`\n=== the bench measures ${name} (${benchImporters}): bench/ and its tests left out`);

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
