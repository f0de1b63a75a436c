import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import NextAuth, { type NextAuthConfig } from "next-auth";
// The event class Next's middleware adapter builds; next/server exports only its type.
import { NextFetchEvent } from "next/dist/server/web/spec-extension/fetch-event";
import { NextRequest } from "next/server";

import type { EdgeMiddleware } from "../../lib/security-headers";
import { traceConfig } from "../../lib/trace";
import type { SampleOptions } from "./sample";
import { jwtVariant, createSessionReader, ORIGIN, type SessionReader } from "./session-read";

/**
 * The auth cost of one signed-in page load: middleware once, then the server render's session
 * reads. Its two parts are timed separately, so the subject can price any number of reads
 * (stock Auth.js and the template before one-read-per-render: layout and page each read; the
 * template now: one shared read) from the same samples.
 *
 * - "template": the default export of `middleware.ts`, exactly as Next calls it (a
 *   `NextRequest` and a `NextFetchEvent`), and a read through the config `auth.ts` builds.
 * - "stock": `NextAuth(config).auth` as middleware and a read with the same config and
 *   callbacks but Auth.js's own codec and none of the template's wrappers.
 *
 * A read is what `auth()` in a server component runs: GET /api/auth/session through `Auth()`
 * with the request's cookie, parsed as JSON. Runtime-neutral (Web APIs only).
 */
export const PAGE_LOAD_VARIANTS = ["stock", "template"] as const;
export type PageLoadVariant = (typeof PAGE_LOAD_VARIANTS)[number];

/** A protected page: `authorized` must let the signed-in user through. */
const PAGE = `${ORIGIN}/dashboard`;

export interface PageLoadParts {
  /** One middleware call; throws unless it let the signed-in request through. */
  middleware(): Promise<number>;
  /** One render read; throws unless it answered the signed-in session. */
  read(): Promise<number>;
}

export async function createPageLoadParts(
  variant: PageLoadVariant,
  { authConfig, middleware }: { authConfig: NextAuthConfig; middleware: EdgeMiddleware },
): Promise<PageLoadParts> {
  const stock: NextAuthConfig = { ...authConfig, jwt: { encode: stockEncode, decode: stockDecode } };
  // `auth` is overloaded (RSC, route wrapper, middleware); this is its middleware form.
  const handler = variant === "template" ? middleware : (NextAuth(stock).auth as unknown as EdgeMiddleware);
  const appConfig = variant === "template" ? traceConfig(authConfig, "app") : stock;
  if (typeof appConfig === "function") throw new Error("the bench runs with tracing off");
  const reader = await createSessionReader(jwtVariant(variant, appConfig));
  return {
    middleware: () => callMiddleware(handler, reader.cookie),
    read: () => readSession(reader),
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

async function readSession(reader: SessionReader): Promise<number> {
  const response = await reader.read();
  const session: unknown = await response.json();
  const email = (session as { user?: { email?: unknown } } | null)?.user?.email;
  if (response.status !== 200 || email !== reader.expectedEmail) throw new Error(`${reader.name}: expected a signed-in session, got ${response.status}`);
  return email.length;
}

/**
 * Warm-up, then per sample: `batch` middleware calls timed together, then `batch` reads timed
 * together; each part's sample is the mean of its batch. On workerd, whose clock ticks in whole
 * milliseconds, a batch lasts many ticks, so no single call is ever timed on its own.
 */
export async function samplePageLoad(parts: PageLoadParts, { warmup, iterations, batch = 1 }: SampleOptions) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += (await parts.middleware()) + (await parts.read());
  const middleware: number[] = [];
  const read: number[] = [];
  const timeBatch = async (call: () => Promise<number>) => {
    const start = performance.now();
    for (let j = 0; j < batch; j++) sink += await call();
    return (performance.now() - start) / batch;
  };
  for (let i = 0; i < iterations; i++) {
    middleware.push(await timeBatch(parts.middleware));
    read.push(await timeBatch(parts.read));
  }
  return { whole: middleware.map((value, i) => value + (read[i] ?? Number.NaN)), phases: { middleware, read }, sink };
}
