import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import NextAuth, { type NextAuthConfig } from "next-auth";
// The event class Next's middleware adapter builds; next/server exports only its type.
import { NextFetchEvent } from "next/dist/server/web/spec-extension/fetch-event";
import { NextRequest } from "next/server";

import { authMiddlewareFor, configFor, sessionReadFor, type RenderRead, type SessionRead } from "../../lib/features";
import { detectRuntime } from "../../platform/runtime";
import { chainMiddleware } from "../../lib/middleware-chain";
import { withSecurityHeaders, type EdgeMiddleware } from "../../lib/security-headers";
import { configOf, featureOn, type App } from "./app";
import { BENCH_SECRET } from "./bench-env";
import { PhaseClock } from "./phase-clock";
import type { MIDDLEWARE_PHASES } from "./results";
import type { SampleOptions } from "./sample";
import { jwtVariant, createSessionReader, ORIGIN, type SessionReader } from "./session-read";

/**
 * The auth cost of one signed-in page load: middleware once, then the server render's session
 * reads. Its parts are timed separately, so the subject can price any number of reads (stock
 * Auth.js: layout and page each read; the template: one shared read per render) from the same
 * samples, and compare each part with stock's.
 *
 * - "template": the default export of `middleware.ts`, exactly as Next calls it (a
 *   `NextRequest` and a `NextFetchEvent`), and the read `auth()` makes in auth.ts: the shared
 *   read fast-read brings (`sessionReadFor(features)`) with the app's config, from the request's
 *   headers. Skipped when fast-read is off in auth.config.ts.
 * - "template-authjs": the template as it was before the shared read: the same wrappers around
 *   `NextAuth(config).auth` and a read through `Auth()`, with the template's config and codec.
 * - "stock": `NextAuth(config).auth` as middleware and `auth()`'s read through `Auth()`
 *   (GET /api/auth/session, parsed as JSON), with the same config and callbacks but Auth.js's
 *   own codec and none of the template's wrappers.
 *
 * Each sample also times the Auth.js middleware alone and `jwt.decode` alone (each as a batch),
 * and a `PhaseClock` around the callbacks and encode (per call, so only where the clock is
 * fine: not workerd), which splits middleware into decode, callbacks (`jwt` + `session`),
 * encode, the rest of the Auth.js part (cookies, request and response building: for stock,
 * `Auth()`'s round trip) and, for the template, its own wrappers (`middleware.ts`'s chain).
 * Runtime-neutral (Web APIs only).
 */
export const PAGE_LOAD_VARIANTS = ["stock", "template-authjs", "template"] as const;
export type PageLoadVariant = (typeof PAGE_LOAD_VARIANTS)[number];

/** A protected page: `authorized` must let the signed-in user through. */
const PAGE = `${ORIGIN}/dashboard`;

export interface PageLoadParts {
  /** One middleware call; throws unless it let the signed-in request through. */
  middleware(): Promise<number>;
  /** One render read; throws unless it answered the signed-in session. */
  read(): Promise<number>;
  /** One call of the Auth.js middleware alone, its steps timed by `clock`. */
  instrumented(): Promise<number>;
  clock: PhaseClock;
  /** One `jwt.decode` of the request's token with the variant's codec. */
  decode(): Promise<number>;
}

export async function createPageLoadParts(variant: PageLoadVariant, { app, middleware }: { app: App; middleware: EdgeMiddleware }): Promise<PageLoadParts> {
  // As auth.ts and middleware.ts build them: the app's config with each feature's hooks.
  const authConfig = await configOf(app, "app");
  const middlewareConfig = await configOf(app, "middleware");
  const stock: NextAuthConfig = { ...app.authConfig, jwt: { encode: stockEncode, decode: stockDecode } };
  // Before any sign-in: without fast-read the job is skipped at once.
  const sharedRead = variant === "template" ? sharedReadOf(app) : undefined;
  // The sign-in that makes the cookie, and stock's read, go through Auth() (bench/lib/session-read.ts).
  const reader = await createSessionReader(jwtVariant(variant, variant === "stock" ? stock : authConfig));
  const clock = new PhaseClock();
  // `auth` is overloaded (RSC, route wrapper, middleware); this is its middleware form.
  const authJsMiddleware = (config: NextAuthConfig) => NextAuth(config).auth as unknown as EdgeMiddleware;
  if (!sharedRead) {
    const config = variant === "stock" ? stock : middlewareConfig;
    const whole = variant === "stock" ? authJsMiddleware(config) : chainMiddleware(authJsMiddleware(config), [(inner) => authMiddlewareFor(inner, app.features), withSecurityHeaders]);
    const bare = authJsMiddleware(clock.instrument(config) as NextAuthConfig);
    return {
      middleware: () => callMiddleware(whole, reader.cookie),
      read: () => readThroughAuth(reader),
      instrumented: () => callMiddleware(bare, reader.cookie),
      clock,
      decode: decodeOf(config, reader.cookie),
    };
  }
  const instrumented = clock.instrument(middlewareConfig) as NextAuthConfig;
  const bare = sharedRead.middleware(instrumented, authJsMiddleware(instrumented));
  const headers = new Headers({ cookie: reader.cookie, host: new URL(ORIGIN).host });
  // auth.ts's read, with this request's headers where Next would hand them over (next/headers).
  const appConfig = configFor(app.authConfig, app.features, "app");
  const read = sharedRead.render(appConfig, NextAuth(appConfig).auth as RenderRead, async () => headers);
  return {
    middleware: () => callMiddleware(middleware, reader.cookie),
    read: async () => expectSignedIn(reader, await read()),
    instrumented: () => callMiddleware(bare, reader.cookie),
    clock,
    decode: decodeOf(middlewareConfig, reader.cookie),
  };
}

/** The read middleware and `auth()` share: fast-read's. */
function sharedReadOf(app: App): SessionRead {
  featureOn(app, "fast-read");
  const read = sessionReadFor(app.features);
  if (!read) throw new Error("fast-read is on but brings no session read");
  return read;
}

/** The variant's `jwt.decode` on the signed-in cookie, as Auth.js calls it (cookie name as salt). */
function decodeOf(config: NextAuthConfig, cookie: string): () => Promise<number> {
  const decode = config.jwt?.decode ?? stockDecode;
  const separator = cookie.indexOf("=");
  const salt = cookie.slice(0, separator);
  const token = cookie.slice(separator + 1);
  return async () => {
    const claims = await decode({ token, salt, secret: BENCH_SECRET });
    if (!claims) throw new Error("decode refused the signed-in token");
    return Object.keys(claims).length;
  };
}

async function callMiddleware(middleware: EdgeMiddleware, cookie: string): Promise<number> {
  const request = new NextRequest(PAGE, { headers: { cookie } });
  const response = await middleware(request, new NextFetchEvent({ request, page: "/middleware", context: { waitUntil: () => {} } }));
  // Passed through: Next's "continue" marker, no redirect to sign-in, no 401/403.
  if (!response || response.status !== 200 || response.headers.get("x-middleware-next") !== "1" || response.headers.has("location")) {
    throw new Error(`middleware did not let the signed-in request through: ${response?.status} ${response?.headers.get("location")}`);
  }
  return response.status + [...response.headers.keys()].length;
}

/** Stock `auth()`: next-auth's getSession is a GET /api/auth/session through Auth(), parsed as JSON. */
async function readThroughAuth(reader: SessionReader): Promise<number> {
  const response = await reader.read();
  return expectSignedIn(reader, response.ok ? await response.json() : null);
}

function expectSignedIn(reader: SessionReader, session: unknown): number {
  const email = (session as { user?: { email?: unknown } } | null)?.user?.email;
  if (email !== reader.expectedEmail) throw new Error(`${reader.name}: expected a signed-in session, got ${JSON.stringify(session)?.slice(0, 200)}`);
  return email.length;
}

/**
 * Warm-up, then per sample: `batch` middleware calls timed together, `batch` reads, `batch`
 * calls of the Auth.js part alone and `batch` decodes; each sample is the mean of its batch. On workerd, whose clock ticks in whole milliseconds, a batch lasts many
 * ticks, so no single call is ever timed on its own.
 */
export async function samplePageLoad(parts: PageLoadParts, { warmup, iterations, batch = 1 }: SampleOptions) {
  // Callbacks and encode are timed per call (the clock wraps each); on workerd's 1 ms clock that
  // says nothing, so there they stay in the rest of the Auth.js part. Decode is timed as a batch everywhere.
  const fineClock = detectRuntime() !== "workerd";
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += (await parts.middleware()) + (await parts.read()) + (await parts.instrumented()) + (await parts.decode());
  const phases: Record<"middleware" | "read" | (typeof MIDDLEWARE_PHASES)[number], number[]> = {
    middleware: [],
    read: [],
    decode: [],
    callbacks: [],
    encode: [],
    authjs: [],
    wrappers: [],
  };
  const timeBatch = async (call: () => Promise<number>) => {
    const start = performance.now();
    for (let j = 0; j < batch; j++) sink += await call();
    return (performance.now() - start) / batch;
  };
  for (let i = 0; i < iterations; i++) {
    const middleware = await timeBatch(parts.middleware);
    phases.middleware.push(middleware);
    phases.read.push(await timeBatch(parts.read));
    parts.clock.reset();
    const bare = await timeBatch(parts.instrumented);
    const decode = await timeBatch(parts.decode);
    phases.decode.push(decode);
    let rest = bare - decode;
    if (fineClock) {
      const spent = (phase: "jwt" | "session" | "encode") => (parts.clock.spent.get(phase) ?? 0) / batch;
      phases.callbacks.push(spent("jwt") + spent("session"));
      phases.encode.push(spent("encode"));
      rest -= spent("jwt") + spent("session") + spent("encode");
    }
    // What the Auth.js part spends besides its codec and callbacks: cookies, request and response building.
    phases.authjs.push(rest);
    // What runs around it (the whole middleware less the Auth.js part); stock has no wrappers.
    phases.wrappers.push(middleware - bare);
  }
  return { whole: phases.middleware.map((value, i) => value + (phases.read[i] ?? Number.NaN)), phases, sink };
}
