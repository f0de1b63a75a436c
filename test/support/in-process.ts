import { NextRequest } from "next/server";

import { handlers } from "@/auth";
import middleware from "@/middleware";

import { CookieJar } from "./cookie-jar";

export { CookieJar };

/**
 * Drives the real Auth.js handlers and the real middleware in this process, the way
 * next-auth's own tests do (makeAuthRequest): requests in, responses out, cookies carried
 * by a small jar. Nothing of Auth.js is mocked.
 */
export const ORIGIN = "http://localhost:3000";

function makeRequest(path: string, jar: CookieJar, init: RequestInit = {}): NextRequest {
  const headers = new Headers(init.headers);
  const cookie = jar.header();
  if (cookie) headers.set("cookie", cookie);
  return new NextRequest(new URL(path, ORIGIN), { method: init.method, body: init.body, headers });
}

/** Route handlers of an Auth.js instance: auth.ts's by default, or one a test builds itself. */
export interface AuthHandlers {
  GET(request: NextRequest): Promise<Response>;
  POST(request: NextRequest): Promise<Response>;
}

/** A request to /api/auth/* through the route handlers (auth.ts's unless `via` names others). */
export async function authRequest(path: string, jar: CookieJar, init: RequestInit = {}, via: AuthHandlers = handlers): Promise<Response> {
  const request = makeRequest(path, jar, init);
  const handler = request.method === "POST" ? via.POST : via.GET;
  const response = await handler(request);
  jar.store(response);
  return response;
}

/** What middleware answers for a page or API request. */
export async function middlewareRequest(path: string, jar: CookieJar, init: RequestInit = {}): Promise<Response> {
  // NextAuth's `auth` is overloaded (RSC, route wrapper, middleware); this is its middleware form.
  const runMiddleware = middleware as unknown as (request: NextRequest) => Promise<Response>;
  const response = await runMiddleware(makeRequest(path, jar, init));
  jar.store(response);
  return response;
}

export async function getCsrfToken(jar: CookieJar, via: AuthHandlers = handlers): Promise<string> {
  const response = await authRequest("/api/auth/csrf", jar, {}, via);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return csrfToken;
}

export function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

export async function signInWithCredentials(jar: CookieJar, email: string, password: string, via: AuthHandlers = handlers): Promise<Response> {
  const csrfToken = await getCsrfToken(jar, via);
  return authRequest("/api/auth/callback/credentials", jar, form({ csrfToken, email, password, callbackUrl: "/dashboard" }), via);
}
