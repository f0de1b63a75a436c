import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import { startRedis } from "../../test/support/redis-server";
import { startUpstashFixture } from "../../test/support/upstash-fixture";

/**
 * Redis as the app on Vercel reaches it: a real `redis-server` behind the Upstash HTTP protocol
 * (test/support/upstash-fixture.ts, test infrastructure), in a process of its own so that the
 * load generator's busy event loop in the bench's process never delays a reply. `--load` points
 * `next start` at it, `--revocation` the Redis variant's Node jobs (bench/lib/variants.ts
 * `variantEnv`), both through KV_REST_API_URL/_TOKEN as the Upstash integration sets them.
 */
export interface BenchRedis {
  url: string;
  token: string;
  stop(): Promise<void>;
}

const self = fileURLToPath(import.meta.url);

export async function startBenchRedis(): Promise<BenchRedis> {
  const child = spawn(process.execPath, ["--import", "tsx", self], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const [line] = await Promise.race([createInterface({ input: child.stdout })[Symbol.asyncIterator]().next().then(({ value }) => [value as string | undefined]), exited.then(() => [undefined])]);
  if (!line) throw new Error("bench Redis: redis-server or the Upstash fixture did not start (apt-get install redis-server)");
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  return {
    url,
    token,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

// Run as a script (by startBenchRedis): start both, print where, stop both on SIGTERM.
if (process.argv[1] === self) {
  const redis = await startRedis();
  const fixture = await startUpstashFixture(redis.url);
  process.once("SIGTERM", () => void fixture.stop().then(() => redis.stop()).then(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ url: fixture.url, token: fixture.token })}\n`);
}
