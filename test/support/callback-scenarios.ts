import { decode, encode } from "next-auth/jwt";
import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";

import { TRACE_PREFIX, type TraceRecord } from "./trace-format";

import { requestsAfter, showTabAgain } from "./browser";
import { CookieJar } from "./cookie-jar";
import { flipBit, JWE_PARTS } from "./jwt";
import { signInAtIdp, type RefreshStats } from "./oidc-provider";

/**
 * The callback matrix's scenarios, written once against a small driver so the same steps run
 * in-process, on `next start` and on workerd. Each scenario has unrecorded `setup` steps (to
 * reach the state it needs) and recorded `act` steps; the trace lines the app writes during
 * `act` are the scenario's record. Requests are what a browser or the next-auth client sends:
 * cookies carried by a jar, redirects not followed (an OIDC sign-in follows them by hand,
 * through the test IdP). Browser scenarios load the page in Chromium instead.
 */

/**
 * What a scenario needs beyond Auth.js's routes, middleware and `/api/token`: server-rendered
 * pages (`auth()` in server components), the app configured for the test IdP, a real browser,
 * an app that refreshes provider tokens (features/token-refresh switched on).
 */
export type Capability = "pages" | "oidc" | "browser" | "refresh";

export interface Driver {
  /** Sends one request to the app (middleware first, where its matcher applies). */
  fetch(path: string, jar: CookieJar, init?: RequestInit): Promise<Response>;
  /**
   * Starts a new trace id and returns it: requests sent from now on (a browser context's too)
   * carry it in `x-trace-id`, and so do the trace lines they cause (features/trace).
   */
  nextTraceId(): Promise<string>;
  /** The trace lines tagged `traceId`, once every line of the requests already answered has been read. */
  linesOf(traceId: string): Promise<string[]>;
  /** Lines that arrived tagged with an id after `linesOf` had returned that id's lines: a record missed them. */
  lateLines(): string[];
  /** Lines that carry none of the ids this driver sent, so no record can hold them. */
  strayLines(): string[];
  /** Every trace line the app has written so far, as it arrived. */
  traceLines(): readonly string[];
  /** Resolves once every line from requests already answered has been read. */
  settle(): Promise<void>;
  can: ReadonlySet<Capability>;
  /** Where the app answers; browser pages are opened here. */
  origin: string;
  /** A fresh Chromium context, when `can` has "browser". */
  newBrowserContext?(): Promise<BrowserContext>;
  /** The session secret the app runs with, to forge an expired token. */
  secret: string;
  /** The test IdP's refresh counts, when the app's OIDC provider points at one that rotates refresh tokens. */
  refreshStats?(): RefreshStats;
}

export const SESSION_COOKIE = "authjs.session-token";

/** One callback call as recorded: what the trace line says (its trace id only tells whose it is). */
export type RecordedCall = Pick<
  TraceRecord,
  "callback" | "surface" | "runtime" | "trigger" | "user" | "account" | "profile" | "token" | "path" | "allowed"
>;

export interface ScenarioRecord {
  id: string;
  calls: RecordedCall[];
}

class Client {
  readonly jar = new CookieJar();
  private readonly contexts: BrowserContext[] = [];
  constructor(private readonly driver: Driver) {}

  get(path: string, init: RequestInit = {}): Promise<Response> {
    return this.driver.fetch(path, this.jar, init);
  }

  postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.driver.fetch(path, this.jar, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  postJson(path: string, body: unknown): Promise<Response> {
    return this.driver.fetch(path, this.jar, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  async csrf(): Promise<string> {
    const response = await this.get("/api/auth/csrf");
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    return csrfToken;
  }

  /** What next-auth/react's `signIn("credentials")` sends, minus the csrf fetch. */
  async signInCredentials(csrfToken: string, email: string, password: string): Promise<Response> {
    return this.postForm("/api/auth/callback/credentials", { csrfToken, email, password, callbackUrl: "/dashboard" });
  }

  async signedIn(email = "demo@example.com", password = "demo-password"): Promise<void> {
    const response = await this.signInCredentials(await this.csrf(), email, password);
    expect(new URL(response.headers.get("location") ?? "", "http://x").pathname).toBe("/dashboard");
    expect(this.jar.get(SESSION_COOKIE)).toBeDefined();
  }

  /**
   * The authorization-code flow as a browser runs it: the sign-in button's POST (what
   * next-auth/react's `signIn("oidc")` sends), the IdP's pages, then the IdP's redirect back
   * to the app's callback, which answers with the session cookie.
   */
  async signInOidc(csrfToken: string, login: string): Promise<Response> {
    const start = await this.postForm("/api/auth/signin/oidc", { csrfToken, callbackUrl: "/dashboard" });
    expect(start.status).toBe(302);
    const callback = await signInAtIdp(start.headers.get("location") ?? "", login);
    expect(callback.pathname).toBe("/api/auth/callback/oidc");
    return this.get(callback.pathname + callback.search);
  }

  /** Signs in through the test IdP, then waits (unrecorded) until the access token is due for refresh. */
  async signedInOidcAndDue(login: string): Promise<void> {
    const response = await this.signInOidc(await this.csrf(), login);
    expect(response.status).toBe(302);
    const refreshAt = ((await this.token())?.providerTokens as { refreshAt?: number } | undefined)?.refreshAt;
    if (refreshAt === undefined) throw new Error("the test IdP gave no expiring access token");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, refreshAt * 1000 - Date.now() + 50)));
  }

  /** The session cookie's claims, decrypted with the app's secret as Auth.js would. */
  async token(): Promise<Record<string, unknown> | null> {
    return decode({ token: this.jar.get(SESSION_COOKIE), secret: this.driver.secret, salt: SESSION_COOKIE });
  }

  /**
   * Loads `path` in Chromium with this client's cookies and waits until the page has gone
   * quiet (hydrated, link prefetches answered). The page is closed when the record is taken.
   */
  async openPage(path: string): Promise<Page> {
    if (!this.driver.newBrowserContext) throw new Error("this driver has no browser");
    const context = await this.driver.newBrowserContext();
    this.contexts.push(context);
    await context.addCookies(this.jar.entries().map(([name, value]) => ({ name, value, url: this.driver.origin })));
    const page = await context.newPage();
    const response = await page.goto(new URL(path, this.driver.origin).href, { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    return page;
  }

  /** Ends every browser context, so no late request of theirs lands in the next record. */
  async close(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close()));
  }
}

export interface Scenario {
  id: string;
  title: string;
  /** What is sent while recording, in the words of the doc. */
  requests: string;
  needs?: Capability[];
  /**
   * Which of the lines written during `act` belong to the scenario, when more than its own
   * requests run then (a browser page also prefetches links); by default all of them.
   */
  attribute?(call: RecordedCall): boolean;
  /** Run before recording; its callbacks are not part of the record. */
  setup?(client: Client, driver: Driver): Promise<unknown>;
  act(client: Client, state: unknown, driver: Driver): Promise<void>;
}

/** Runs `act` and checks the IdP saw exactly one refresh and no reuse of a refresh token. */
async function oneRefresh(driver: Driver, act: () => Promise<void>): Promise<void> {
  if (!driver.refreshStats) throw new Error("this driver has no refreshing IdP");
  const before = driver.refreshStats();
  await act();
  const after = driver.refreshStats();
  expect({ refreshes: after.refreshes - before.refreshes, reused: after.reused - before.reused }).toEqual({ refreshes: 1, reused: 0 });
}

export const scenarios: Scenario[] = [
  {
    id: "signin-credentials",
    title: "Initial sign-in with credentials",
    requests: "POST /api/auth/callback/credentials (CSRF token fetched before recording)",
    setup: (client) => client.csrf(),
    async act(client, csrfToken) {
      const response = await client.signInCredentials(String(csrfToken), "demo@example.com", "demo-password");
      expect(response.status).toBe(302);
      // The cookie is encrypted (JWE: header, empty key, iv, ciphertext, tag), not just signed.
      const parts = (client.jar.get(SESSION_COOKIE) ?? "").split(".");
      expect(parts).toHaveLength(5);
      expect(JSON.parse(Buffer.from(parts[0] ?? "", "base64url").toString())).toMatchObject({ alg: "dir", enc: expect.stringMatching(/^A256(GCM|CBC-HS512)$/) });
    },
  },
  {
    id: "signin-oidc",
    title: "Initial sign-in with OIDC (test IdP, authorization code + PKCE)",
    requests:
      "POST /api/auth/signin/oidc, the IdP's login and consent pages, then GET /api/auth/callback/oidc?code=… (CSRF token fetched before recording)",
    needs: ["oidc"],
    setup: (client) => client.csrf(),
    async act(client, csrfToken) {
      const response = await client.signInOidc(String(csrfToken), "alice");
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get("location") ?? "").pathname).toBe("/dashboard");
      // The IdP's ID token claims became the session: `sub` "alice", email `<login>@idp.test`.
      expect(await client.token()).toMatchObject({ email: "alice@idp.test", name: "IdP user alice", role: "user" });
    },
  },
  {
    id: "signin-refused",
    title: "Sign-in refused by `signIn` (disabled@example.com)",
    requests: "POST /api/auth/callback/credentials with a correct password for a disabled account",
    setup: (client) => client.csrf(),
    async act(client, csrfToken) {
      const response = await client.signInCredentials(String(csrfToken), "disabled@example.com", "disabled-password");
      expect(response.headers.get("location")).toMatch(/\/signin\?error=AccessDenied$/);
      expect(client.jar.get(SESSION_COOKIE)).toBeUndefined();
    },
  },
  {
    id: "first-page-load",
    title: "First page load after sign-in",
    requests: "GET /dashboard, the page sign-in redirected to (middleware, then layout and page share one `auth()` read)",
    needs: ["pages"],
    setup: (client) => client.signedIn(),
    async act(client) {
      const response = await client.get("/dashboard");
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("demo@example.com");
    },
  },
  {
    id: "later-page-load",
    title: "Later page load (server component `auth()`)",
    requests: "GET / after having loaded /dashboard (middleware, then layout and page share one `auth()` read)",
    needs: ["pages"],
    async setup(client) {
      await client.signedIn();
      expect((await client.get("/dashboard")).status).toBe(200);
    },
    async act(client) {
      const response = await client.get("/");
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("demo@example.com");
    },
  },
  {
    id: "middleware-only",
    title: "A request only middleware sees (signed out, protected page)",
    requests: "GET /dashboard without a session: middleware answers 307 to /signin, no page renders",
    async act(client) {
      const response = await client.get("/dashboard");
      expect(response.status).toBe(307);
      // OpenNext sends a same-origin redirect as a relative Location; the others, absolute.
      expect(new URL(response.headers.get("location") ?? "", "http://relative.invalid").pathname).toBe("/signin");
    },
  },
  {
    id: "middleware-only-signed-in",
    title: "A request only middleware sees (signed in, a path no route serves)",
    requests: "GET /api/token/none: middleware runs, then Next answers its prerendered 404 page (no `auth()`)",
    setup: (client) => client.signedIn(),
    async act(client) {
      const response = await client.get("/api/token/none");
      expect(response.status).toBe(404);
    },
  },
  {
    id: "session-endpoint",
    title: "A read of /api/auth/session (what `useSession()` and `getSession()` fetch)",
    requests: "GET /api/auth/session, as `getSession()` and `SessionProvider` send it",
    setup: (client) => client.signedIn(),
    async act(client) {
      const response = await client.get("/api/auth/session");
      expect(((await response.json()) as { user: { email: string } }).user.email).toBe("demo@example.com");
      // Each read re-encrypts the token into a fresh cookie, sliding its expiry.
      expect(response.headers.getSetCookie().some((line) => line.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    },
  },
  {
    id: "use-session-load",
    title: "`useSession()` in Chromium: page load",
    requests:
      "Chromium loads /dashboard, whose client component calls `useSession()`; counted: calls from the client's own /api/auth/session requests (the page's server render is the page-load rows)",
    needs: ["pages", "browser"],
    setup: (client) => client.signedIn(),
    async act(client) {
      const page = await client.openPage("/dashboard");
      await expect.poll(() => page.getByTestId("client-session-name").textContent()).toContain("Demo User");
    },
    attribute: (call) => call.path === "/api/auth/session",
  },
  {
    id: "use-session-visible",
    title: "`useSession()` in Chromium: tab shown again",
    requests:
      "the dashboard, loaded before recording, gets `visibilitychange` (dispatched in the page: headless Chromium never hides a tab) and `SessionProvider` refetches; counted: calls from /api/auth/session",
    needs: ["pages", "browser"],
    async setup(client) {
      await client.signedIn();
      return client.openPage("/dashboard");
    },
    async act(_client, state) {
      const page = state as Page;
      const requested = await requestsAfter(page, () => showTabAgain(page));
      // Nothing but the session refetch: the record holds exactly what that request ran.
      expect(new Set(requested)).toEqual(new Set(["/api/auth/session"]));
      expect(await page.getByTestId("client-session-name").textContent()).toContain("Demo User");
    },
    attribute: (call) => call.path === "/api/auth/session",
  },
  {
    id: "api-auth",
    title: "API route using `auth()` (/api/me)",
    requests: "GET /api/me (middleware, then the route calls `auth()`)",
    needs: ["pages"],
    setup: (client) => client.signedIn(),
    async act(client) {
      const response = await client.get("/api/me");
      expect(response.status).toBe(200);
      expect(((await response.json()) as { user: { id: string } }).user.id).toBe("user-demo");
    },
  },
  {
    id: "api-get-token",
    title: "API route using `getToken()` (/api/token)",
    requests: "GET /api/token (middleware, then the route calls `getToken()`)",
    setup: (client) => client.signedIn(),
    async act(client) {
      const response = await client.get("/api/token");
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: "user-demo", role: "user" });
    },
  },
  {
    id: "update",
    title: "`update()` from the client",
    requests: "GET /api/auth/csrf, then POST /api/auth/session with `{ csrfToken, data }` (what `update()` sends)",
    setup: (client) => client.signedIn(),
    async act(client) {
      const csrfToken = await client.csrf();
      const response = await client.postJson("/api/auth/session", { csrfToken, data: { name: "Renamed" } });
      expect(((await response.json()) as { user: { name: string } }).user.name).toBe("Renamed");
    },
  },
  {
    id: "signout",
    title: "Sign-out",
    requests: "POST /api/auth/signout with the CSRF token (fetched before recording; what `signOut()` sends)",
    async setup(client) {
      await client.signedIn();
      return client.csrf();
    },
    async act(client, csrfToken) {
      const response = await client.postForm("/api/auth/signout", { csrfToken: String(csrfToken), callbackUrl: "/" });
      expect(response.status).toBe(302);
      expect(client.jar.get(SESSION_COOKIE)).toBeUndefined();
    },
  },
  {
    id: "refresh-page-load",
    title: "Page load when the provider's access token is due (refresh)",
    requests:
      "GET /dashboard after an OIDC sign-in, once the access token is due: middleware refreshes it (one grant at the IdP) and hands the new cookie to layout and page",
    needs: ["pages", "oidc", "refresh"],
    setup: (client) => client.signedInOidcAndDue("refresh-page"),
    async act(client, _state, driver) {
      await oneRefresh(driver, async () => {
        const response = await client.get("/dashboard");
        expect(response.status).toBe(200);
        // The page rendered the refreshed token: the handoff, not a second refresh.
        const refreshedAt = ((await client.token())?.providerTokens as { refreshedAt?: number } | undefined)?.refreshedAt ?? 0;
        expect(await response.text()).toContain(new Date(refreshedAt * 1000).toISOString());
      });
    },
  },
  {
    id: "refresh-session-endpoint",
    title: "/api/auth/session when the access token is due (refresh)",
    requests: "GET /api/auth/session once the access token is due: middleware (its matcher includes this path) refreshes, the handler reads the new cookie",
    needs: ["oidc", "refresh"],
    setup: (client) => client.signedInOidcAndDue("refresh-session"),
    async act(client, _state, driver) {
      await oneRefresh(driver, async () => {
        const session = (await (await client.get("/api/auth/session")).json()) as { accessTokenRefreshedAt?: string };
        expect(session.accessTokenRefreshedAt).toEqual(expect.any(String));
      });
    },
  },
  {
    id: "refresh-parallel",
    title: "Five parallel requests when the access token is due (refresh)",
    requests: "5 × GET /api/token at once with the same due cookie (a page's prefetches, several tabs): one refresh, every answer carries the new tokens",
    needs: ["oidc", "refresh"],
    setup: (client) => client.signedInOidcAndDue("refresh-parallel"),
    async act(client, _state, driver) {
      await oneRefresh(driver, async () => {
        const responses = await Promise.all(Array.from({ length: 5 }, () => client.get("/api/token")));
        expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      });
    },
  },
  {
    id: "tampered-token",
    title: "A tampered token",
    requests: "GET /api/auth/session with one bit of the session cookie's authentication tag flipped",
    async setup(client) {
      await client.signedIn();
      // A real bit: rewriting the last base64url characters can change only padding bits (1 in 256 tags).
      client.jar.set(SESSION_COOKIE, flipBit(client.jar.get(SESSION_COOKIE) ?? "", JWE_PARTS.tag, 0));
    },
    async act(client) {
      const response = await client.get("/api/auth/session");
      expect(await response.json()).toBeNull();
      expect(client.jar.get(SESSION_COOKIE)).toBeUndefined();
    },
  },
  {
    id: "expired-token",
    title: "An expired token",
    requests: "GET /api/auth/session with a token encrypted with the app's secret that expired a minute ago",
    async setup(client, driver) {
      const token = { sub: "user-demo", id: "user-demo", role: "user", email: "demo@example.com" };
      client.jar.set(SESSION_COOKIE, await encode({ token, secret: driver.secret, salt: SESSION_COOKIE, maxAge: -60 }));
    },
    async act(client) {
      const response = await client.get("/api/auth/session");
      expect(await response.json()).toBeNull();
      expect(client.jar.get(SESSION_COOKIE)).toBeUndefined();
    },
  },
];

function parseLine(line: string): RecordedCall {
  const { callback, surface, runtime, trigger, user, account, profile, token, path, allowed } = JSON.parse(
    line.slice(line.indexOf(TRACE_PREFIX) + TRACE_PREFIX.length),
  ) as TraceRecord;
  // Through JSON so absent fields are absent, not undefined, and records compare as stored.
  return JSON.parse(JSON.stringify({ callback, surface, runtime, trigger, user, account, profile, token, path, allowed })) as RecordedCall;
}

const CALLBACK_ORDER = ["signIn", "redirect", "jwt", "session", "authorized"];

/**
 * Layout and page call `auth()` concurrently, so their lines interleave differently from run
 * to run; the record is the multiset of calls, middleware first, in the order Auth.js runs them.
 */
function canonicalOrder(a: RecordedCall, b: RecordedCall): number {
  const key = (call: RecordedCall) =>
    [call.surface === "middleware" ? 0 : 1, CALLBACK_ORDER.indexOf(call.callback), JSON.stringify(call)] as const;
  const [x, y] = [key(a), key(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2].localeCompare(y[2]);
}

/**
 * Runs one scenario in a fresh client and returns the callbacks its recorded steps ran. Setup
 * and `act` send different trace ids, and the record is the lines tagged with `act`'s: which
 * request a line belongs to is written on the line, so lines that reach the output late or out
 * of order (wrangler relays workerd's) cannot slip into another scenario's record.
 */
export async function recordScenario(driver: Driver, scenario: Scenario): Promise<ScenarioRecord> {
  const client = new Client(driver);
  try {
    await driver.nextTraceId();
    const state = await scenario.setup?.(client, driver);
    const traceId = await driver.nextTraceId();
    await scenario.act(client, state, driver);
    const calls = (await driver.linesOf(traceId)).map(parseLine);
    return { id: scenario.id, calls: calls.filter(scenario.attribute ?? (() => true)).sort(canonicalOrder) };
  } finally {
    await client.close();
  }
}

/** Whether the driver can run the scenario (the in-process driver renders no pages, has no browser). */
export function canRun(driver: Pick<Driver, "can">, scenario: Scenario): boolean {
  return (scenario.needs ?? []).every((need) => driver.can.has(need));
}
