import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import pg from "pg";

import { freePort } from "./servers";

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for tests and the bench: initdb in a temp dir, listening on a
 * free loopback port only, trust auth (nothing but this machine can reach it), then `setupSql`
 * (a schema) when given. Runs as the invoking user, or as `postgres` when that is root.
 * `stopServer`/`startServer` stop and restart the same cluster (fault tests); `stop` removes it.
 */
export interface PostgresCluster {
  host: string;
  port: number;
  url(port?: number): string;
  version: string;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

export function findPostgresBin(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(root, version, "bin");
    if (existsSync(join(bin, "initdb"))) return bin;
  }
  throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)");
}

export async function startPostgres(setupSql?: string): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), "edge-auth-pg-"));
  const data = join(dir, "data");
  const port = await freePort();
  // initdb refuses to run as root; hand the directory to the postgres system user then.
  const asRoot = userInfo().uid === 0;
  const wrap = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  if (asRoot) await run("chown", ["-R", "postgres", dir]);

  await run(...wrap(join(bin, "initdb"), ["-D", data, "-U", "bench", "--auth=trust", "--no-sync", "-E", "UTF8"]));
  const [command, args] = wrap(join(bin, "pg_ctl"), [
    "-D", data, "-l", join(dir, "log"), "-w", "-o",
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off`,
    "start",
  ]);
  // spawn, not execFile: the server pg_ctl starts keeps its output pipes open.
  const startServer = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { stdio: "ignore" });
      child.on("error", reject).on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl start exited ${code}; see ${dir}/log`))));
    });
  const stopServer = async () => {
    await run(...wrap(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]));
  };
  await startServer();

  const url = (viaPort = port) => `postgres://bench@127.0.0.1:${viaPort}/postgres`;
  const client = new pg.Client(url());
  await client.connect();
  if (setupSql) await client.query(setupSql);
  const { rows } = await client.query<{ server_version: string }>("show server_version");
  await client.end();

  return {
    host: "127.0.0.1",
    port,
    url,
    version: rows[0]?.server_version ?? "unknown",
    stopServer,
    startServer,
    stop: async () => {
      await stopServer().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
