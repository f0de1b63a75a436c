import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

import buildIfStale from "../test/support/build";
import { startTestIdp, type TestIdp } from "../test/support/oidc-provider";
import { driveRefreshStress, formatStressLine, signInThroughIdp, stressPassed, type StressResult } from "../test/support/refresh-stress";
import { freePort, startServer, targets, type AppServer, type Target } from "../test/support/servers";

/**
 * `npm run stress:refresh`: signs in through a test IdP that issues access tokens of a few
 * seconds and rotating refresh tokens with reuse detection, then for a bounded time drives
 * concurrent requests of one session against `next start` and workerd (or `--target URL`),
 * across several expiries. Ends with one line,
 *   refresh stress: requests=N expiries=E refreshes=R reused=0 signedOut=0 errors=0
 * (refreshes and reuses counted at the IdP; summed over the servers), and exits 1 when any
 * server reused a refresh token, signed the user out, answered an error, or refreshed more than
 * once per expiry (+1). Loopback only. (Auth.js's guide pattern and its race are shown by
 * test/integration/token-refresh.test.ts, with test/support/guide-refresh.ts.)
 */
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
  // The IdP must know the app's callback URL, so the app's port is chosen first.
  const port = await freePort();
  const idp = await startTestIdp({ redirectUris: [`http://localhost:${port}/api/auth/callback/oidc`], refresh: { accessTokenSeconds } });
  const state = mkdtempSync(join(tmpdir(), "edge-auth-stress-"));
  let server: AppServer | undefined;
  try {
    server = await startServer(target, {
      port,
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
  const chosen = (values.server ?? [...targets]) as Target[];
  for (const target of chosen) {
    if (!targets.includes(target)) {
      console.error(`--server must be one of ${targets.join(", ")}, got "${target}".`);
      process.exit(2);
    }
  }
  buildIfStale();
  for (const target of chosen) {
    const result = await againstStartedServer(target);
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
