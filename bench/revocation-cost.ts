import { Auth, type AuthConfig } from "@auth/core";
import { encode } from "@auth/core/jwt";
import { Miniflare } from "miniflare";

import { applySessionVersion, KvVersionStore, MemoryVersionStore, type SessionVersionStore } from "../lib/session-version";

/**
 * Per-request cost of revocation (lib/session-version.ts): a stock Auth.js JWT session read
 * (`GET /session` through @auth/core `Auth()`) with the `jwt` callback doing nothing, doing the
 * version check within its interval (no store read), and reading the store on every request
 * (interval 0) from memory and from a Cloudflare KV namespace run by Miniflare (workerd's KV
 * over loopback IPC from Node: an upper bound, not what a deployed Worker pays).
 * Run: `node --import tsx bench/revocation-cost.ts`. One process, variants interleaved per round.
 */
const SECRET = "bench-secret-at-least-thirty-two-characters";
const COOKIE = "authjs.session-token";
const ROUNDS = 5;
const PER_ROUND = 300;

function config(jwt: AuthConfig["callbacks"] extends infer C ? (C extends { jwt?: infer J } ? J : never) : never): AuthConfig {
  return { providers: [], secret: SECRET, trustHost: true, basePath: "/api/auth", session: { strategy: "jwt" }, callbacks: { jwt } };
}

const miniflare = new Miniflare({ modules: true, script: "export default { fetch() { return new Response() } }", kvNamespaces: ["KV"] });
const kv = await miniflare.getKVNamespace("KV");
const memory = new MemoryVersionStore();
const kvStore = new KvVersionStore(kv);
const now = Math.floor(Date.now() / 1000);
const token = await encode({ token: { sub: "u1", id: "u1", sessionVersion: 0, versionCheckedAt: now }, secret: SECRET, salt: COOKIE });

const check = (store: SessionVersionStore, intervalSeconds: number): AuthConfig =>
  config(({ token: t }) => applySessionVersion(t, { signingIn: false, intervalSeconds, store }));

const variants: [string, AuthConfig][] = [
  ["off (stock jwt callback)", config(({ token: t }) => t)],
  ["on, within interval (no store read)", check(memory, 3600)],
  ["on, interval 0, memory store", check(memory, 0)],
  ["on, interval 0, KV via Miniflare", check(kvStore, 0)],
];

async function measure(cfg: AuthConfig): Promise<number> {
  const started = performance.now();
  let sink = 0;
  for (let i = 0; i < PER_ROUND; i++) {
    const response = await Auth(new Request("http://localhost/api/auth/session", { headers: { cookie: `${COOKIE}=${token}` } }), cfg);
    sink += (await response.text()).length;
  }
  if (sink === 0) throw new Error("empty responses");
  return ((performance.now() - started) / PER_ROUND) * 1000;
}

const results = new Map<string, number[]>(variants.map(([name]) => [name, []]));
for (const [, cfg] of variants) await measure(cfg);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? variants : [...variants].reverse();
  for (const [name, cfg] of order) results.get(name)?.push(await measure(cfg));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`revocation cost: node ${process.version}, ${new Date().toISOString()}, ${ROUNDS} rounds x ${PER_ROUND} session reads, medians (µs/request; shared 2-core machine, noisy)`);
for (const [name, xs] of results) console.log(`${name.padEnd(40)} ${Math.round(median(xs))} µs  rounds: ${xs.map(Math.round).join(", ")}`);
await miniflare.dispose();
