import { NextRequest } from "next/server";

import { TRACE_PREFIX } from "@/lib/trace";

import type { Driver } from "./callback-scenarios";
import { CookieJar, ORIGIN } from "./in-process";

/** A marker request's path; its `authorized` line proves every earlier line has been read. */
const SETTLE_PATH = "/__trace-settle/";

/**
 * Drives a running server over HTTP. `output` is the server's stdout+stderr as it arrives;
 * trace lines are picked out by their prefix. Settling sends a signed-out marker request
 * (only `authorized` runs for it, in middleware) and waits for its line, so no sleep is
 * needed: output is ordered, so once the marker is read every earlier line is too.
 */
export function httpDriver({
  origin,
  secret,
  output,
  waitForOutput,
}: {
  origin: string;
  secret: string;
  output: () => string;
  /** Resolves when `output()` satisfies the predicate (the server harness's wait). */
  waitForOutput: (predicate: (text: string) => boolean) => Promise<void>;
}): Driver {
  let marks = 0;
  const lines = () =>
    output()
      .split("\n")
      .filter((line) => line.includes(TRACE_PREFIX) && !line.includes(SETTLE_PATH));
  return {
    rendersPages: true,
    secret,
    async fetch(path, jar, init = {}) {
      const headers = new Headers(init.headers);
      const cookie = jar.header();
      if (cookie) headers.set("cookie", cookie);
      // Auth.js checks the Origin of POSTs to its endpoints the way a browser sends it.
      if (init.method === "POST") headers.set("origin", origin);
      const response = await fetch(new URL(path, origin), { ...init, headers, redirect: "manual" });
      jar.store(response);
      return response;
    },
    traceLines: lines,
    async settle() {
      marks += 1;
      const marker = `"path":"${SETTLE_PATH}${marks}"`;
      const response = await fetch(new URL(`${SETTLE_PATH}${marks}`, origin), { redirect: "manual" });
      await response.arrayBuffer();
      await waitForOutput((text) => text.includes(marker));
    },
  };
}

type Handler = (request: NextRequest) => Promise<Response>;

/**
 * Drives the real handlers, middleware and `/api/token` route in this process. It cannot
 * render server components (they need Next's request scope), so scenarios that load pages
 * or `/api/me` run only against real servers. Trace lines are what the app writes through
 * `console.info`, collected by the caller.
 */
export async function inProcessDriver(lines: () => readonly string[], secret: string): Promise<Driver> {
  const { handlers } = await import("@/auth");
  const middleware = (await import("@/middleware")).default as unknown as Handler;
  const tokenRoute = await import("@/app/api/token/route");

  async function serve(request: NextRequest): Promise<Response> {
    const { pathname } = request.nextUrl;
    if (pathname.startsWith("/api/auth/")) {
      return request.method === "POST" ? handlers.POST(request) : handlers.GET(request);
    }
    const answer = await middleware(request);
    if (answer.headers.get("x-middleware-next") !== "1") return answer;
    if (pathname === "/api/token") return tokenRoute.GET(request);
    if (pathname.startsWith("/api/")) return new Response("Not found", { status: 404 });
    throw new Error(`${pathname} renders a page, which needs a real server`);
  }

  return {
    rendersPages: false,
    secret,
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
