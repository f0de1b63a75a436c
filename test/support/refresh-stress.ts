import { HttpClient } from "./http-client";
import { signInAtIdp, type RefreshStats } from "./oidc-provider";

/**
 * Refresh-token rotation under load, as a browser with several tabs makes it: one session
 * (signed in through the test IdP), several workers sending requests back to back with the
 * cookie the jar holds at that moment, and every answer's Set-Cookie stored in the order the
 * answers arrive (the browser keeps the last one). Shared by `npm run stress:refresh` and
 * test/http/token-refresh.test.ts.
 */
export interface StressResult {
  requests: number;
  /** Refresh points the run crossed: its length over the time after which a token is due. */
  expiries: number;
  /** Counted at the IdP: refresh-token grants that succeeded. */
  refreshes: number;
  /** Counted at the IdP: consumed refresh tokens presented again (each revokes the grant). */
  reused: number;
  /** Answers that showed the session ended or asking to sign in again. */
  signedOut: number;
  /** Transport failures, 5xx, and answers no signed-in user should get (a provider refusing the access token). */
  errors: number;
}

/** Each worker cycles through these: a page (middleware, layout and page `auth()`), the session endpoint, APIs. */
export const STRESS_PATHS = ["/dashboard", "/api/auth/session", "/api/me", "/api/userinfo", "/"] as const;

export async function signInThroughIdp(origin: string, login: string): Promise<HttpClient> {
  const client = new HttpClient(origin);
  const start = await client.request("/api/auth/signin/oidc", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: await client.csrfToken(), callbackUrl: "/dashboard" }),
  });
  const location = start.headers.get("location");
  if (start.status !== 302 || !location) throw new Error(`sign-in with the test IdP did not start (${start.status})`);
  const callback = await signInAtIdp(location, login);
  const done = await client.request(callback.pathname + callback.search);
  if (done.status !== 302 || !client.jar.entries().some(([name]) => name.startsWith("authjs.session-token"))) {
    throw new Error(`the IdP callback did not sign in (${done.status})`);
  }
  return client;
}

export type Verdict = "signed-in" | "signed-out" | "error";

/** What one answer says about the session; exported for the focused tests. */
export async function classify(path: string, response: Response): Promise<Verdict> {
  const body = await response.text();
  if (response.status >= 500 && path !== "/api/userinfo") return "error";
  switch (path) {
    case "/dashboard":
      if (response.status === 307 && /\/signin/.test(response.headers.get("location") ?? "")) return "signed-out";
      if (response.status !== 200) return "error";
      return body.includes('data-testid="session-error"') ? "signed-out" : "signed-in";
    case "/api/auth/session": {
      if (response.status !== 200) return "error";
      const session = JSON.parse(body) as { user?: unknown; error?: string } | null;
      return session?.user && !session.error ? "signed-in" : "signed-out";
    }
    case "/api/me":
      return response.status === 200 ? "signed-in" : response.status === 401 ? "signed-out" : "error";
    case "/api/userinfo":
      // 502 here means the provider refused the access token the session handed it, or failed.
      return response.status === 200 ? "signed-in" : response.status === 401 ? "signed-out" : "error";
    default:
      return response.status === 200 ? "signed-in" : "error";
  }
}

export async function driveRefreshStress({
  client,
  origins,
  seconds,
  concurrency,
  accessTokenSeconds,
  idpStats,
}: {
  client: HttpClient;
  /** Instances of one app to spread the requests over, round robin; the jar stays one (a browser shares localhost cookies across ports). */
  origins?: readonly string[];
  seconds: number;
  concurrency: number;
  accessTokenSeconds: number;
  idpStats: () => RefreshStats;
}): Promise<StressResult> {
  const before = idpStats();
  const counts = { requests: 0, signedOut: 0, errors: 0 };
  const started = Date.now();
  const deadline = started + seconds * 1000;
  let next = 0;

  async function worker(): Promise<void> {
    while (Date.now() < deadline) {
      const n = next++;
      const path = STRESS_PATHS[n % STRESS_PATHS.length] ?? "/";
      const origin = origins?.[n % origins.length];
      counts.requests += 1;
      try {
        const verdict = await classify(path, await client.request(origin ? new URL(path, origin).href : path));
        if (verdict === "signed-out") counts.signedOut += 1;
        if (verdict === "error") counts.errors += 1;
      } catch {
        counts.errors += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));

  const elapsed = (Date.now() - started) / 1000;
  const after = idpStats();
  return {
    requests: counts.requests,
    expiries: Math.floor(elapsed / dueAfter(accessTokenSeconds)),
    refreshes: after.refreshes - before.refreshes,
    reused: after.reused - before.reused,
    signedOut: counts.signedOut,
    errors: counts.errors,
  };
}

/**
 * When a token living `lifetime` seconds falls due: a quarter of its lifetime, at most a minute,
 * before it expires (the rule docs/token-refresh.md states; the stress only sees HTTP).
 */
function dueAfter(lifetime: number): number {
  return lifetime - Math.min(60, Math.floor(lifetime / 4));
}

export function formatStressLine(result: StressResult): string {
  const { requests, expiries, refreshes, reused, signedOut, errors } = result;
  return `refresh stress: requests=${requests} expiries=${expiries} refreshes=${refreshes} reused=${reused} signedOut=${signedOut} errors=${errors}`;
}

/** The pass rule: nothing reused, nobody signed out, no errors, at most one refresh per expiry (+1 at the edges). */
export function stressPassed(result: StressResult): boolean {
  return result.reused === 0 && result.signedOut === 0 && result.errors === 0 && result.refreshes <= result.expiries + 1;
}
