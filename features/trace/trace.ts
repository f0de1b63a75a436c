import type { NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import type { NextRequest } from "next/server";

import type { AnyConfig, Instance } from "../../lib/features";
import { detectRuntime, type Runtime } from "../../platform/runtime";

import { readTraceMode, type TraceMode } from "./env";

/**
 * Trace mode (`AUTH_TRACE=1`): every Auth.js callback logs one JSON line saying who ran, with
 * which `trigger`, and whether `user`/`account`/`profile` were passed, so a learner can see
 * the callback flow instead of guessing it. It records presence, never values: no token,
 * cookie, secret, password or query string can reach the log. `AUTH_TRACE=stack` adds the
 * caller's stack (the `console.trace` trick, without the noise).
 * @see https://authjs.dev/reference/nextjs#callbacks
 */

/** Every trace line starts with this, so tests and `grep` can pick the lines out of server output. */
export const TRACE_PREFIX = "[auth-trace] ";

export type Callbacks = NonNullable<NextAuthConfig["callbacks"]>;
export type CallbackName = keyof Callbacks;

/**
 * A request header the client may set to tag the lines its request causes, so a reader (the
 * callback matrix's driver) can tell whose line is whose when output from concurrent requests
 * interleaves or arrives late. Read only in trace mode; an opaque token the client chose, so
 * logging it reveals nothing the client did not put there itself.
 */
export const TRACE_ID_HEADER = "x-trace-id";
const TRACE_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The client's trace id when it is a short token; anything else is dropped rather than logged. */
export function parseTraceId(value: string | null | undefined): string | undefined {
  return value && TRACE_ID.test(value) ? value : undefined;
}

/** Which Auth.js instance ran the callback: the one in `middleware.ts` or the one in `auth.ts`. */
export type Surface = Instance;

export interface TraceRecord {
  callback: CallbackName;
  surface: Surface;
  runtime: Runtime;
  /** The request path (never the query) where Auth.js hands the request to the config. */
  path?: string;
  /** The request's `x-trace-id`, when it sent a valid one. */
  traceId?: string;
  /** `jwt`: "signIn" | "signUp" | "update"; Auth.js passes none on a plain session read. */
  trigger?: string;
  user: boolean;
  account: boolean;
  profile: boolean;
  /** Whether a decoded token was passed (`jwt`, `session`); `signIn` never gets one. */
  token: boolean;
  /** `jwt` on `update()`: whether the client sent data. */
  session?: boolean;
  /** `signIn`: whether the callback let the user in. */
  allowed?: boolean;
  stack?: string;
}

/** The `trigger` values Auth.js documents; anything else is dropped rather than logged. */
const TRIGGERS = new Set(["signIn", "signUp", "update"]);

export type TraceSink = (line: string) => void;

interface TraceContext {
  mode: Exclude<TraceMode, "off">;
  surface: Surface;
  path?: string;
  traceId?: string;
  sink: TraceSink;
}

function has(params: unknown, key: string): boolean {
  if (typeof params !== "object" || params === null || !(key in params)) return false;
  const value: unknown = Reflect.get(params, key);
  return value !== undefined && value !== null;
}

/** Builds the record from the callback's parameters; only names and booleans are read. */
function describeCall(name: CallbackName, params: unknown, context: Omit<TraceContext, "sink">): TraceRecord {
  const record: TraceRecord = {
    callback: name,
    surface: context.surface,
    runtime: detectRuntime(),
    user: has(params, "user"),
    account: has(params, "account"),
    profile: has(params, "profile"),
    token: has(params, "token"),
  };
  if (context.path !== undefined) record.path = context.path;
  if (context.traceId !== undefined) record.traceId = context.traceId;
  const trigger: unknown = has(params, "trigger") ? Reflect.get(Object(params), "trigger") : undefined;
  if (typeof trigger === "string" && TRIGGERS.has(trigger)) record.trigger = trigger;
  if (name === "jwt" && record.trigger === "update") record.session = has(params, "session");
  return record;
}

/**
 * The stack from the code that called the callback (Auth.js) outward. V8's captureStackTrace
 * (Node, Next's edge sandbox and workerd are all V8) cuts the frames above `above`, which
 * survives minification where filtering by file name would not.
 */
function callerStack(above: (...args: never[]) => unknown): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, above);
  return (holder.stack ?? "")
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .join("\n");
}

function wrap(callbacks: Callbacks, context: TraceContext): Callbacks {
  const traced: Record<string, unknown> = {};
  for (const [name, callback] of Object.entries(callbacks)) {
    if (typeof callback !== "function") continue;
    const callbackName = name as CallbackName;
    traced[name] = async function tracedCallback(params: unknown) {
      const record = describeCall(callbackName, params, context);
      if (context.mode === "stack") record.stack = callerStack(tracedCallback);
      try {
        const result: unknown = await Reflect.apply(callback, callbacks, [params]);
        if (callbackName === "signIn") record.allowed = result === true;
        return result;
      } finally {
        context.sink(TRACE_PREFIX + JSON.stringify(record));
      }
    };
  }
  return traced as Callbacks;
}

function writeLine(line: string): void {
  console.info(line);
}

/**
 * The headers of the request being served. Auth.js hands route handlers and middleware the
 * request; `auth()` in a server component or route hands none, and there Next's request scope
 * has them (`auth()` has read them itself just before, so reading them again changes nothing in
 * how the page renders). Outside any request (a script, a test calling the handlers directly)
 * there are none.
 * @see https://nextjs.org/docs/app/api-reference/functions/headers
 */
async function requestHeaders(request: NextRequest | undefined): Promise<Pick<Headers, "get"> | undefined> {
  if (request) return request.headers;
  try {
    return await headers();
  } catch {
    return undefined;
  }
}

/**
 * Wraps the config's callbacks for tracing, once, where an Auth.js instance is built:
 * `NextAuth(traceConfig(authConfig, "middleware"))`. With trace off it returns the config
 * itself, so there is nothing to pay. With trace on it becomes a lazy config, because that is
 * where Auth.js hands over the request whose path and trace id the lines carry (server
 * components get no request: their trace id comes from Next's request scope).
 * A lazy config (the database strategy's) is traced the same way, after it has run.
 */
export function traceConfig(
  config: AnyConfig,
  surface: Surface,
  { mode = readTraceMode(), sink = writeLine }: { mode?: TraceMode; sink?: TraceSink } = {},
): AnyConfig {
  if (mode === "off") return config;
  return async (request) => {
    const resolved = typeof config === "function" ? await config(request) : config;
    if (!resolved.callbacks) return resolved;
    const path = request ? new URL(request.url).pathname : undefined;
    const traceId = parseTraceId((await requestHeaders(request))?.get(TRACE_ID_HEADER));
    return { ...resolved, callbacks: wrap(resolved.callbacks, { mode, surface, sink, path, traceId }) };
  };
}
