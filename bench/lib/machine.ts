import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg, platform, release, totalmem } from "node:os";

import type { BenchMeta } from "./results";

export function describeMachine(): BenchMeta["machine"] {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

const PACKAGES = ["next", "next-auth", "@auth/core", "@auth/d1-adapter", "@auth/pg-adapter", "better-sqlite3", "pg", "edge-runtime", "miniflare", "workerd", "autocannon"];

/** Installed versions, read from node_modules so the record matches what actually ran. */
export function installedVersions(): Record<string, string> {
  const versions: Record<string, string> = { node: process.version };
  for (const name of PACKAGES) {
    try {
      // The bench's own package first (its drivers and load tool), then the app's.
      const own = new URL(`../node_modules/${name}/package.json`, import.meta.url);
      const path = existsSync(own) ? own : new URL(`../../node_modules/${name}/package.json`, import.meta.url);
      const manifest: unknown = JSON.parse(readFileSync(path, "utf8"));
      const version = typeof manifest === "object" && manifest !== null ? Reflect.get(manifest, "version") : undefined;
      versions[name] = typeof version === "string" ? version : "unknown";
    } catch {
      versions[name] = "not installed";
    }
  }
  return versions;
}
