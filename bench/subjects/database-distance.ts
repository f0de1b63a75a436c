import { readFileSync } from "node:fs";

import pg from "pg";

import { startPostgres } from "../../test/support/postgres";

import { startDelayProxy } from "../lib/delay-proxy";
import { interleave } from "../lib/interleave";
import { nodeRunner } from "../lib/runners";
import { crossoversFrom, type DistanceResult } from "../lib/results";
import { median, summarize } from "../lib/stats";

/**
 * Subject: how a database read grows with the distance to PostgreSQL. For each RTT a delaying
 * TCP proxy sits between the Node process and a PostgreSQL cluster the bench starts; the JWT
 * reads — the template's and Auth.js's stock codec — are measured alongside (they never touch
 * the database) so all lines share the drift. `light` (what `--geo` runs to check its model when
 * the run has no `--rtt`): one round of 20 reads, without the stock JWT line.
 */
export async function measureDatabaseDistance(
  rtts: readonly number[],
  { quick, progress, light = false }: { quick: boolean; progress: (message: string) => void; light?: boolean },
): Promise<DistanceResult & { serverVersion: string }> {
  progress("database distance · starting PostgreSQL");
  const cluster = await startPostgres(readFileSync(new URL("../../features/database-sessions/postgres.sql", import.meta.url), "utf8"));
  try {
    const direct = await pingMedian(cluster.url());
    const points: DistanceResult["points"] = [];
    for (const rtt of rtts) {
      const proxy = await startDelayProxy(cluster, rtt);
      try {
        const url = cluster.url(proxy.port);
        const rttMeasured = Math.max(0, (await pingMedian(url)) - direct);
        // Few iterations when far: each read is at least two round trips.
        const iterations = quick ? 5 : light ? 20 : Math.max(30, Math.min(300, Math.round(600 / (1 + rtt))));
        const warmup = quick ? 3 : light ? 5 : Math.min(100, iterations);
        const pooled = await interleave(nodeRunner, {
          variants: light ? ["template-jwt", "template-db"] : ["stock-jwt", "template-jwt", "template-db"],
          rounds: quick || light ? 1 : 2,
          job: (variant) => ({ subject: "session-read", variant, database: url, warmup, iterations, batch: 1 }),
          onProgress: (message) => progress(`database distance · rtt ${rtt} ms · ${message}`),
        });
        const samples = (variant: string) => pooled.find((p) => p.variant === variant)?.whole;
        const [stockJwt, jwt, database] = [samples("stock-jwt"), samples("template-jwt"), samples("template-db")];
        if (!jwt || !database) throw new Error("missing variant samples");
        points.push({ rttNominal: rtt, rttMeasured, jwt: summarize(jwt), database: summarize(database), ...(stockJwt && { stockJwt: summarize(stockJwt) }) });
      } finally {
        await proxy.close();
      }
    }
    return { database: `PostgreSQL ${cluster.version} via @auth/pg-adapter`, points, ...crossoversFrom(points), serverVersion: cluster.version };
  } finally {
    await cluster.stop();
  }
}

async function pingMedian(url: string): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const samples: number[] = [];
    for (let i = 0; i < 25; i++) {
      const start = performance.now();
      await client.query("select 1");
      samples.push(performance.now() - start);
    }
    return median(samples);
  } finally {
    await client.end();
  }
}
