import { NextRequest } from "next/server";

import { TRACE_PREFIX } from "@/lib/trace";

import type { Capability, Driver } from "./callback-scenarios";
import type { CookieJar } from "./cookie-jar";

/** A marker request's path; its `authorized` line proves every earlier line has been read. */
const SETTLE_PATH = "/__trace-settle/";

/**
 * Drives a running server over HTTP. `output` is the server's stdout+stderr as it arrives;
 * trace lines are picked out by their prefix. Settling sends a signed-out marker request
 * (only `authorized` runs for it, in middleware) and waits until its line has been read:
 * output is ordered, so by then every earlier line has been read too.
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
  let marks = 0;
  const lines = () =>
    output()
      .split("\n")
      .filter((line) => line.includes(TRACE_PREFIX) && !line.includes(SETTLE_PATH));
  return {
    can: new Set(can),
    origin,
    newBrowserContext,
    refreshStats,
    secret,
    async fetch(path, jar, init = {}) {
      const headers = new Headers(init.headers);
      const cookie = jar.header();
      if (cookie) headers.set("cookie", cookie);
      const response = await fetch(new URL(path, origin), { ...init, headers, redirect: "manual" });
      jar.store(response);
      return response;
    },
    traceLines: lines,
    async settle() {
      marks += 1;
      const marker = `"path":"${SETTLE_PATH}${marks}"`;
      await (await fetch(new URL(`${SETTLE_PATH}${marks}`, origin), { redirect: "manual" })).arrayBuffer();
      await waitFor(() => output().includes(marker), `trace line for ${SETTLE_PATH}${marks}`);
    },
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

  return {
    can: new Set(can),
    origin: ORIGIN,
    secret,
    refreshStats,
    async fetch(path, jar: CookieJar, init = {}) {
      const headers = new Headers(init.headers);
      const cookie = jar.header();
      if (cookie) headers.set("cookie", cookie);
      const response = await serve(new NextRequest(new URL(path, ORIGIN), { method: init.method, body: init.body, headers }));
      jar.store(response);
      return response;
    },
    traceLines: () => lines().filter((line) => line.startsWith(TRACE_PREFIX)),
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
