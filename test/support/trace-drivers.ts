import { randomUUID } from "node:crypto";

import { NextRequest } from "next/server";
import type { BrowserContext } from "playwright-core";

import { TRACE_ID_HEADER, TRACE_PREFIX } from "./trace-format";

import type { Capability, Driver } from "./callback-scenarios";
import type { CookieJar } from "./cookie-jar";

/**
 * The trace ids a driver hands out and the lines tagged with each: the part both drivers share.
 * Ids are random, so no line of an earlier record, test or server run can carry one.
 */
class TraceIds {
  current = randomUUID();
  private readonly issued = new Set([this.current]);
  /** How many lines `linesOf` returned per id, to find lines that came after. */
  private readonly taken = new Map<string, number>();

  constructor(private readonly lines: () => readonly string[]) {}

  next(): string {
    this.current = randomUUID();
    this.issued.add(this.current);
    return this.current;
  }

  tagged(traceId: string): string[] {
    const tag = `"traceId":"${traceId}"`;
    return this.lines().filter((line) => line.includes(tag));
  }

  take(traceId: string): string[] {
    const lines = this.tagged(traceId);
    this.taken.set(traceId, lines.length);
    return lines;
  }

  late(): string[] {
    return [...this.taken].flatMap(([traceId, count]) => this.tagged(traceId).slice(count));
  }

  stray(): string[] {
    return this.lines().filter((line) => ![...this.issued].some((traceId) => line.includes(`"traceId":"${traceId}"`)));
  }
}

/** A marker's trace ids start so; its line is not part of any record. */
const SETTLE_PREFIX = "settle-";
/**
 * The marker: Auth.js runs `redirect` for every request that passes a callbackUrl, in the
 * route handler, whatever middleware does and whether or not anyone is signed in.
 */
const SETTLE_PATH = "/api/auth/csrf?callbackUrl=%2F";

/**
 * Drives a running server over HTTP. `output` is the server's stdout+stderr as it arrives;
 * trace lines are picked out by their prefix, and a record's by its trace id, so lines of
 * other requests, arriving in any order, never count. Settling sends a marker request with a
 * fresh id and waits until its line has been read: each server writes every trace line to
 * one stdout (next start: one Node process; Pages and OpenNext: one workerd, relayed by
 * wrangler), so lines written before it are read by then. Should a line still come after its
 * record was taken, `lateLines` names it, and a line without one of the driver's ids (a code
 * path that lost the request) `strayLines`: the matrix suite fails on either instead of
 * counting short.
 */
export function httpDriver({
  origin,
  secret,
  output,
  can = ["pages"],
  newBrowserContext,
  refreshStats,
}: {
  origin: string;
  secret: string;
  output: () => string;
  /** Real servers render pages; the suite adds "oidc" and "browser" when it started them. */
  can?: Capability[];
  newBrowserContext?: Driver["newBrowserContext"];
  refreshStats?: Driver["refreshStats"];
}): Driver {
  const lines = () =>
    output()
      .split("\n")
      .filter((line) => line.includes(TRACE_PREFIX) && !line.includes(`"traceId":"${SETTLE_PREFIX}`));
  const ids = new TraceIds(lines);
  // Browser contexts send the current id too (Playwright adds it to every request they make).
  const contexts = new Set<BrowserContext>();

  async function settle(): Promise<void> {
    const marker = `${SETTLE_PREFIX}${randomUUID()}`;
    const response = await fetch(new URL(SETTLE_PATH, origin), { headers: { [TRACE_ID_HEADER]: marker }, redirect: "manual" });
    await response.arrayBuffer();
    await waitFor(() => output().includes(`"traceId":"${marker}"`), `trace line of the marker request ${marker}`);
  }

  return {
    can: new Set(can),
    origin,
    refreshStats,
    secret,
    newBrowserContext:
      newBrowserContext &&
      (async () => {
        const context = await newBrowserContext();
        await context.setExtraHTTPHeaders({ [TRACE_ID_HEADER]: ids.current });
        contexts.add(context);
        context.on("close", () => contexts.delete(context));
        return context;
      }),
    async fetch(path, jar, init = {}) {
      const headers = new Headers(init.headers);
      const cookie = jar.header();
      if (cookie) headers.set("cookie", cookie);
      headers.set(TRACE_ID_HEADER, ids.current);
      const response = await fetch(new URL(path, origin), { ...init, headers, redirect: "manual" });
      jar.store(response);
      return response;
    },
    async nextTraceId() {
      const traceId = ids.next();
      await Promise.all([...contexts].map((context) => context.setExtraHTTPHeaders({ [TRACE_ID_HEADER]: traceId })));
      return traceId;
    },
    async linesOf(traceId) {
      await settle();
      return ids.take(traceId);
    },
    lateLines: () => ids.late(),
    strayLines: () => ids.stray(),
    traceLines: lines,
    settle,
  };
}

const OUTPUT_TIMEOUT_MS = 20_000;

/** Waits for a condition on server output, which arrives on its own schedule through a pipe. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + OUTPUT_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`no ${what} in the server output within ${OUTPUT_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type Handler = (request: NextRequest) => Promise<Response>;

/**
 * Drives the real handlers, middleware and `/api/token` route in this process. It cannot
 * render server components (they need Next's request scope), so scenarios that load pages
 * or `/api/me` run only against real servers. Trace lines are what the app writes through
 * `console.info`, collected by the caller. `can` is ["oidc"] when the caller pointed the
 * app's OIDC provider at a test IdP before this import.
 */
export async function inProcessDriver(
  lines: () => readonly string[],
  secret: string,
  can: Capability[] = [],
  refreshStats?: Driver["refreshStats"],
): Promise<Driver> {
  // Imported here, not above: importing ./in-process builds the app, which must see the caller's env first.
  const { ORIGIN } = await import("./in-process");
  const { handlers } = await import("@/auth");
  const middleware = (await import("@/middleware")).default as unknown as Handler;
  const tokenRoute = await import("@/app/api/token/route");
  // The refresh scenarios run when the app refreshes provider tokens (a feature that can be off).
  const { features } = await import("@/auth.config");
  if (refreshStats && features.some(({ name }) => name === "token-refresh")) can = [...can, "refresh"];

  async function serve(request: NextRequest): Promise<Response> {
    const { pathname } = request.nextUrl;
    // middleware.ts's matcher: everything but /api/auth/*, except /api/auth/session.
    if (pathname.startsWith("/api/auth/") && pathname !== "/api/auth/session") return authHandler(request);
    const answer = await middleware(request);
    if (answer.headers.get("x-middleware-next") !== "1") return answer;
    return withMiddlewareCookies(answer, await route(afterMiddleware(request, answer)));
  }

  function route(request: NextRequest): Promise<Response> | Response {
    const { pathname } = request.nextUrl;
    if (pathname === "/api/auth/session") return authHandler(request);
    if (pathname === "/api/token") return tokenRoute.GET(request);
    if (pathname.startsWith("/api/")) return new Response("Not found", { status: 404 });
    throw new Error(`${pathname} renders a page, which needs a real server`);
  }

  function authHandler(request: NextRequest): Promise<Response> {
    return request.method === "POST" ? handlers.POST(request) : handlers.GET(request);
  }

  const traceLines = () => lines().filter((line) => line.startsWith(TRACE_PREFIX));
  const ids = new TraceIds(traceLines);
  return {
    can: new Set(can),
    origin: ORIGIN,
    secret,
    refreshStats,
    async fetch(path, jar: CookieJar, init = {}) {
      const headers = new Headers(init.headers);
      const cookie = jar.header();
      if (cookie) headers.set("cookie", cookie);
      headers.set(TRACE_ID_HEADER, ids.current);
      const response = await serve(new NextRequest(new URL(path, ORIGIN), { method: init.method, body: init.body, headers }));
      jar.store(response);
      return response;
    },
    nextTraceId: () => Promise.resolve(ids.next()),
    // Lines are written by the time a handler answers: `console.info` in this process.
    linesOf: (traceId) => Promise.resolve(ids.take(traceId)),
    lateLines: () => ids.late(),
    strayLines: () => ids.stray(),
    traceLines,
    settle: () => Promise.resolve(),
  };
}

/** The request the route sees after middleware: with the headers middleware overrode (`NextResponse.next({ request })`). */
export function afterMiddleware(request: NextRequest, answer: Response): NextRequest {
  const overridden = answer.headers.get("x-middleware-override-headers");
  if (!overridden) return request;
  const headers = new Headers(request.headers);
  for (const name of overridden.split(",")) {
    const value = answer.headers.get(`x-middleware-request-${name.trim()}`);
    if (value === null) headers.delete(name.trim());
    else headers.set(name.trim(), value);
  }
  return new NextRequest(request, { headers });
}

/** Middleware's Set-Cookie lines go out with the route's answer, as Next sends them. */
export function withMiddlewareCookies(answer: Response, response: Response): Response {
  const cookies = answer.headers.getSetCookie();
  if (cookies.length === 0) return response;
  const merged = new Response(response.body, response);
  for (const line of cookies) merged.headers.append("set-cookie", line);
  return merged;
}
