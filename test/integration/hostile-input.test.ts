import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { handlers } from "@/auth";
import { features } from "@/auth.config";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { decideAccess } from "@/lib/access";
import middleware from "@/middleware";

import {
  buildHostileCases,
  checkLimit,
  checkResponse,
  HostileTally,
  requestsOf,
  type CaseContext,
  type HostileCase,
  type Violation,
} from "../support/hostile-cases";
import { CookieJar, ORIGIN } from "../support/in-process";

/**
 * The hostile-input table against the real Auth.js handlers and middleware in this process.
 * `test/http/hostile-input.test.ts` sends the same table to `next start` and workerd, where the
 * router (not just middleware) decides what is served.
 */
const SECRET = "test-secret-at-least-thirty-two-characters-long";
const runMiddleware = middleware as unknown as (request: NextRequest) => Promise<Response>;

async function send(c: HostileCase): Promise<{ response: Response; passedThrough: boolean }> {
  // Concatenated, not resolved: `new URL("//dashboard", origin)` would make "dashboard" the host.
  const url = new URL(`${ORIGIN}${c.path}`);
  const request = new NextRequest(url, { method: c.method ?? "GET", headers: c.headers, body: c.body });
  if (url.pathname.startsWith("/api/auth/")) {
    // The route file, so its guards around Auth.js count too.
    const handler = request.method === "POST" ? POST : GET;
    return { response: await handler(request), passedThrough: false };
  }
  const response = await runMiddleware(request);
  // Middleware let it through to a route the rules protect: the one thing it must never do signed out.
  const passedThrough = response.headers.get("x-middleware-next") === "1" && decideAccess(url.pathname, null) !== "allow";
  return { response, passedThrough };
}

async function csrfPair(): Promise<{ cookie: string; token: string }> {
  const jar = new CookieJar();
  const response = await handlers.GET(new NextRequest(new URL("/api/auth/csrf", ORIGIN)));
  jar.store(response);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: `authjs.csrf-token=${jar.get("authjs.csrf-token")}`, token: csrfToken };
}

const tally = new HostileTally();
const signInLimit = features.some(({ name }) => name === "sign-in-limit");
let cases: HostileCase[] = [];

beforeAll(async () => {
  const ctx: CaseContext = {
    origin: ORIGIN,
    secret: SECRET,
    cookieName: "authjs.session-token",
    csrf: await csrfPair(),
    otherCsrf: await csrfPair(),
    signInLimit,
  };
  // Rows that expect a route's own status need the route, which reads the session through
  // `headers()`: they run on the servers (test/http/hostile-input.test.ts); their rule has a unit test.
  cases = (await buildHostileCases(ctx)).filter((c) => c.status === undefined);
});

afterAll(() => {
  console.log(tally.summary("in-process handlers + middleware"));
});

describe("hostile input, in-process", () => {
  it("has at least 60 cases across every group", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const groups = ["cookie", "redirect", "csrf", "bypass", "method", "cache", "input"];
    expect(new Set(cases.map((c) => c.group))).toEqual(new Set(signInLimit ? [...groups, "limit"] : groups));
  });

  it("answers every case without a 5xx, a stack trace, protected content signed out or an off-site redirect", async () => {
    const failures: string[] = [];
    for (const c of cases) {
      const violations: Violation[] = [];
      let last = { status: 0, headers: new Headers(), body: "" };
      for (const one of requestsOf(c)) {
        const { response, passedThrough } = await send(one);
        last = { status: response.status, headers: response.headers, body: await response.text() };
        violations.push(...checkResponse(one, last, ORIGIN, passedThrough));
      }
      violations.push(...checkLimit(c, last));
      tally.record(violations);
      for (const v of violations) failures.push(`[${c.group}] ${c.name}: ${v.kind} (${v.detail})`);
    }
    expect(failures).toEqual([]);
    // About 230 requests through Auth.js; the default 5 s is tight on a shared 2-core machine.
  }, 120_000);

  it("keeps the same invariants for Auth.js's inputs without AUTH_URL, where Auth.js reads its URL from the request's headers", async () => {
    vi.stubEnv("AUTH_URL", undefined);
    try {
      const failures: string[] = [];
      for (const c of cases.filter(({ group }) => group === "input")) {
        const { response, passedThrough } = await send(c);
        const answer = { status: response.status, headers: response.headers, body: await response.text() };
        for (const v of checkResponse(c, answer, ORIGIN, passedThrough)) failures.push(`${c.name}: ${v.kind} (${v.detail})`);
      }
      expect(failures).toEqual([]);
    } finally {
      vi.unstubAllEnvs();
    }
  }, 60_000);
});
