import { Auth, type AuthConfig } from "@auth/core";

import { codecOf, configOf, FeatureOff, hasFeature } from "../lib/app";
import { median, summarize, type Summary } from "../lib/stats";
import { startTestIdp, tokensFromIdp } from "../../test/support/oidc-provider";

/**
 * `npm run bench -- --refresh`: what a session read costs when it refreshes the provider's
 * access token, against one that does not. Each read is `GET /api/auth/session` through
 * `Auth()` with the config middleware runs (auth.config.ts's, with each feature's hooks, token-refresh's among them, the memory refresh
 * store), in this Node process, against the test IdP on loopback (oidc-provider, same process):
 *
 * - `not due`: the access token is fresh; the `jwt` step only compares a timestamp.
 * - `refreshes`: the token is due; one refresh-token grant at the IdP, a sealed outcome recorded.
 * - `rotated (recorded outcome)`: the cookie still carries the refresh token rotated by the
 *   previous read, as a late parallel request would; the outcome is read and opened, no grant.
 *
 * Variants alternate read by read, so machine drift hits all three alike.
 */
export interface RefreshVariantResult {
  variant: string;
  whole: Summary;
}

export interface RefreshResult {
  runtime: string;
  idp: string;
  reads: RefreshVariantResult[];
  /** median(refreshes) / median(not due). */
  refreshOverNotDue: number;
}

const SALT = "authjs.session-token";
const REDIRECT_URI = "http://localhost:3000/api/auth/callback/oidc";

export async function measureRefresh({ quick, progress, off }: { quick: boolean; progress: (message: string) => void; off: Set<string> }): Promise<RefreshResult | undefined> {
  const iterations = quick ? 5 : 200;
  const warmup = quick ? 2 : 20;
  const idp = await startTestIdp({ redirectUris: [REDIRECT_URI], refresh: { accessTokenSeconds: 3600 } });
  try {
    // The app's config reads the provider and secret from the environment when imported.
    Object.assign(process.env, idp.appEnv, { AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret-at-least-thirty-two-characters" });
    const { authConfig, features } = await import("../../auth.config");
    if (!hasFeature(features, "token-refresh")) {
      const { message } = new FeatureOff("token-refresh");
      off.add(message);
      progress(`refresh skipped: ${message}`);
      return undefined;
    }
    const { parseAuthEnv, readProcessEnv } = await import("../../lib/env");
    const env = parseAuthEnv(readProcessEnv());
    const secret = env.secrets[0] ?? "";
    const middlewareConfig = await configOf({ authConfig, features }, "middleware");
    // The app's codec (fast-read's, else Auth.js's) mints the cookies and reads the refreshed ones.
    const { encode, decode } = codecOf(middlewareConfig);
    const config = { ...middlewareConfig, secret, trustHost: true, basePath: "/api/auth" } as AuthConfig;

    const granted = await tokensFromIdp(idp, REDIRECT_URI, "bench");
    if (!granted.refresh_token) throw new Error("the test IdP gave no refresh token");
    const now = Math.floor(Date.now() / 1000);
    let latest = { provider: "oidc", accessToken: granted.access_token, expiresAt: now + 3600, refreshToken: granted.refresh_token, refreshAt: now + 3000 };
    let rotated: string | undefined;

    const cookie = async (tokens: typeof latest) =>
      `${SALT}=${await encode({ token: { sub: "bench", id: "oidc:bench", role: "user", email: "bench@idp.test", providerTokens: tokens }, secret, salt: SALT })}`;

    async function read(header: string): Promise<{ ms: number; body: string; setCookie: string[] }> {
      const started = performance.now();
      const response = await Auth(new Request("http://localhost:3000/api/auth/session", { headers: { cookie: header } }), config);
      const body = await response.text();
      const ms = performance.now() - started;
      if (!body.includes("bench@idp.test") || body.includes('"error"')) throw new Error(`a refresh bench read did not answer the signed-in user: ${body.slice(0, 200)}`);
      return { ms, body, setCookie: response.headers.getSetCookie() };
    }

    const decodeTokens = async (setCookie: string[]) => {
      const value = setCookie.find((line) => line.startsWith(`${SALT}=`))?.split(";")[0]?.slice(SALT.length + 1);
      const token = await decode({ token: value, secret, salt: SALT });
      return token?.providerTokens as typeof latest | undefined;
    };

    const variants: [string, () => Promise<number>][] = [
      ["not due", async () => (await read(await cookie(latest))).ms],
      [
        "refreshes",
        async () => {
          const due = { ...latest, refreshAt: 0 };
          const result = await read(await cookie(due));
          const next = await decodeTokens(result.setCookie);
          if (!next?.refreshToken || next.refreshToken === due.refreshToken) throw new Error("the read did not refresh");
          rotated = await cookie(due);
          latest = { ...next, refreshAt: next.expiresAt - 600 };
          return result.ms;
        },
      ],
      [
        "rotated (recorded outcome)",
        async () => {
          if (!rotated) throw new Error("no rotated token yet");
          return (await read(rotated)).ms;
        },
      ],
    ];

    const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    progress(`refresh · ${warmup} warm-up and ${iterations} timed reads per variant (Node, IdP on loopback)`);
    for (let i = 0; i < warmup + iterations; i++) {
      const order = i % 2 === 0 ? variants : [...variants].reverse();
      // "rotated" needs a refresh first.
      const sequence = i === 0 ? variants : order;
      for (const [name, run] of sequence) {
        const ms = await run();
        if (i >= warmup) samples.get(name)?.push(ms);
      }
    }
    const reads = [...samples].map(([variant, xs]) => ({ variant, whole: summarize(xs) }));
    const notDue = median(samples.get("not due") ?? []);
    return {
      runtime: `node ${process.version}`,
      idp: "oidc-provider 9.13.3 in the same process, over loopback HTTP",
      reads,
      refreshOverNotDue: notDue > 0 ? median(samples.get("refreshes") ?? []) / notDue : Number.NaN,
    };
  } finally {
    await idp.stop();
  }
}
