import { execFileSync, execSync } from "node:child_process";
import { existsSync, mkdirSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A past commit of this repository, built for `next start`, so `--load --baseline REV` measures
 * it beside the current tree in the same run on the same machine ("before" and "after" from one
 * run). The tree comes from `git archive` (no worktree bookkeeping) into a temporary folder whose
 * node_modules are hard links to this checkout's (Turbopack refuses a node_modules linked from
 * outside the project); a folder that already holds a build of that commit is reused.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));

export interface Baseline {
  /** The folder `next start` runs in. */
  cwd: string;
  /** "next start @ abc1234", the load table's server column. */
  label: string;
}

export function buildBaseline(revision: string, progress: (message: string) => void): Baseline {
  const commit = execFileSync("git", ["rev-parse", "--short", "--verify", `${revision}^{commit}`], { cwd: root, encoding: "utf8" }).trim();
  const cwd = join(tmpdir(), `edge-auth-baseline-${commit}`);
  if (!existsSync(join(cwd, ".next", "BUILD_ID"))) {
    progress(`load · building ${commit} for next start in ${cwd} (a few minutes)`);
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    execSync(`git archive ${commit} | tar -x -C "${cwd}"`, { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    execFileSync("cp", ["-al", realpathSync(join(root, "node_modules")), join(cwd, "node_modules")]);
    // Commits from before the bench was its own package installed its drivers at the root, and
    // `next build` type-checks their bench/ and test/ (better-sqlite3's types): add the bench's.
    const benchModules = join(root, "bench", "node_modules");
    if (existsSync(benchModules)) execFileSync("cp", ["-aln", `${realpathSync(benchModules)}/.`, join(cwd, "node_modules")]);
    execFileSync("npx", ["next", "build"], { cwd, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  }
  return { cwd, label: `next start @ ${commit}` };
}
