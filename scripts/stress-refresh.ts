import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import buildIfStale from "../test/support/build";
import { APP_CALLBACK, startTestIdp, type TestIdp } from "../test/support/oidc-provider";
import { startRedis } from "../test/support/redis-server";
import { driveRefreshStress, formatStressLine, signInThroughIdp, stressPassed, type StressResult } from "../test/support/refresh-stress";
import { startServer, targets, type AppServer, type Target } from "../test/support/servers";
import { startUpstashFixture } from "../test/support/upstash-fixture";

/**
 * `npm run stress:refresh`: signs in through a test IdP that issues access tokens of a few
 * seconds and rotating refresh tokens with reuse detection, then for a bounded time drives
 * concurrent requests of one session against `next start`, workerd and OpenNext, and against two
 * `next start` of one build sharing one Redis ("next-redis": Vercel's stand-in for two
 * instances, the tabs' requests spread over both), or `--target URL`, across several expiries.
 * Ends with one line,
 *   refresh stress: requests=N expiries=E refreshes=R reused=0 signedOut=0 errors=0
 * (refreshes and reuses counted at the IdP; summed over the servers), and exits 1 when any
 * server reused a refresh token, signed the user out, answered an error, or refreshed more than
 * once per expiry (+1). Loopback only. (Auth.js's guide pattern and its race are shown by
 * features/token-refresh/rotation.test.ts.)
 */
/** Two `next start` sharing one Redis (a real redis-server behind the Upstash protocol test fixture). */
const SHARED = "next-redis";
const choices: readonly string[] = [...targets, SHARED];

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
    "access-seconds": { type: "string", default: "4" },
    server: { type: "string", multiple: true },
    target: { type: "string" },
    "idp-port": { type: "string", default: "4455" },
  },
});

function bounded(name: string, raw: string | undefined, min: number, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, got "${raw}".`);
    process.exit(2);
  }
  return value;
}

const seconds = bounded("seconds", values.seconds, 1, 600);
const concurrency = bounded("concurrency", values.concurrency, 1, 64);
const accessTokenSeconds = bounded("access-seconds", values["access-seconds"], 2, 3600);
// The client secret a server started by hand (--target) is configured with; a loopback-only test IdP.
const TARGET_CLIENT_SECRET = "edge-auth-stress-client-secret";

function loopbackOrigin(raw: string): string {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) {
    console.error(`--target must be an http(s) URL on this machine (localhost, 127.0.0.1, [::1]), got "${raw}".`);
    process.exit(2);
  }
  return url.origin;
}

async function stressOne(origin: string, idp: TestIdp): Promise<StressResult> {
  const client = await signInThroughIdp(origin, `stress-${Date.now()}`);
  return driveRefreshStress({ client, seconds, concurrency, accessTokenSeconds, idpStats: idp.refreshStats });
}

async function againstStartedServer(target: Target): Promise<StressResult> {
  const idp = await startTestIdp({ redirectUris: [APP_CALLBACK], refresh: { accessTokenSeconds } });
  const state = mkdtempSync(join(tmpdir(), "edge-auth-stress-"));
  let server: AppServer | undefined;
  try {
    server = await startServer(target, {
      env: idp.appEnv,
      // workerd as Cloudflare runs it: with the KV refresh store bound.
      wranglerArgs: ["--kv", "TOKEN_REFRESH_KV", "--persist-to", state],
    });
    return await stressOne(server.origin, idp);
  } finally {
    await server?.stop();
    await idp.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

async function againstSharedRedis(): Promise<StressResult> {
  const redis = await startRedis();
  const fixture = await startUpstashFixture(redis.url);
  const idp = await startTestIdp({ redirectUris: [APP_CALLBACK], refresh: { accessTokenSeconds } });
  let instances: AppServer[] = [];
  try {
    // One deployment: the same secret on both, and the Redis the Vercel integration would inject.
    const env = { ...idp.appEnv, AUTH_SECRET: randomBytes(32).toString("base64"), KV_REST_API_URL: fixture.url, KV_REST_API_TOKEN: fixture.token };
    instances = await Promise.all([startServer("next", { env }), startServer("next", { env })]);
    const client = await signInThroughIdp(instances[0]?.origin ?? "", `stress-${Date.now()}`);
    return await driveRefreshStress({ client, origins: instances.map(({ origin }) => origin), seconds, concurrency, accessTokenSeconds, idpStats: idp.refreshStats });
  } finally {
    await Promise.all(instances.map((server) => server.stop()));
    await idp.stop();
    await fixture.stop();
    await redis.stop();
  }
}

async function againstTarget(origin: string): Promise<StressResult> {
  const port = bounded("idp-port", values["idp-port"], 1024, 65535);
  const idp = await startTestIdp({
    redirectUris: [`${origin}/api/auth/callback/oidc`],
    refresh: { accessTokenSeconds },
    port,
    clientSecret: TARGET_CLIENT_SECRET,
  });
  console.error(`test IdP on ${idp.issuer}; the server at ${origin} must run with:`);
  for (const [name, value] of Object.entries(idp.appEnv)) console.error(`  ${name}=${value}`);
  try {
    return await stressOne(origin, idp);
  } finally {
    await idp.stop();
  }
}

const results: StressResult[] = [];
if (values.target) {
  results.push(await againstTarget(loopbackOrigin(values.target)));
} else {
  const chosen = values.server ?? choices;
  for (const target of chosen) {
    if (!choices.includes(target)) {
      console.error(`--server must be one of ${choices.join(", ")}, got "${target}".`);
      process.exit(2);
    }
  }
  buildIfStale();
  for (const target of chosen) {
    const result = target === SHARED ? await againstSharedRedis() : await againstStartedServer(target as Target);
    console.error(`${target}: ${formatStressLine(result)}`);
    results.push(result);
  }
}

const total = results.reduce((sum, r) => ({
  requests: sum.requests + r.requests,
  expiries: sum.expiries + r.expiries,
  refreshes: sum.refreshes + r.refreshes,
  reused: sum.reused + r.reused,
  signedOut: sum.signedOut + r.signedOut,
  errors: sum.errors + r.errors,
}));
console.log(formatStressLine(total));
// Each server is held to one refresh per expiry (+1) on its own, not the sum.
process.exit(results.every(stressPassed) ? 0 : 1);
