import type { NextAuthConfig, Session, User } from "next-auth";
import type { JWT } from "next-auth/jwt";
import type { NextRequest } from "next/server";

import type { EdgeMiddleware } from "./security-headers";

/**
 * What a feature (features/<name>/) may attach to, and the code that attaches a list of them.
 * `auth.config.ts` holds the list; nothing else names a feature, so deleting a feature's folder
 * and its line leaves the template whole. Every hook is optional; a feature whose variables are
 * unset returns only its name. A feature's variables are parsed in its `env.ts`, whose
 * `checkEnv({ serving })` next.config.ts runs when `next build` or `next start` begins.
 */

/** Which Auth.js instance a config is for: the one middleware.ts builds, or auth.ts's. */
export type Instance = "middleware" | "app";

/** A config as NextAuth() takes it: an object, or a function of the request (per-request, "lazy"). */
export type LazyConfig = (request?: NextRequest) => NextAuthConfig | Promise<NextAuthConfig>;
export type AnyConfig = NextAuthConfig | LazyConfig;

export type Authorize = (credentials: Partial<Record<string, unknown>>, request: Request) => Promise<User | null>;
export type AuthHandler = (request: NextRequest) => Promise<Response>;
export type RouteMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteHandler = (request: Request) => Promise<Response>;

export interface Feature {
  /** The folder's name under features/. */
  name: string;
  /** Wraps the config an instance is built from (callbacks, adapter, codec). */
  config?(config: AnyConfig, instance: Instance): AnyConfig;
  /** Wraps middleware.ts's middleware: the list's first feature is innermost. */
  middleware?(middleware: EdgeMiddleware): EdgeMiddleware;
  /** Wraps Auth.js's middleware itself, inside every `middleware` hook: for a step that must see its answer as it is. */
  authMiddleware?(middleware: EdgeMiddleware): EdgeMiddleware;
  /** Wraps the Credentials provider's `authorize`, which sees the fields Auth.js parsed. */
  authorize?(authorize: Authorize): Authorize;
  /** Wraps Auth.js's POST handler (app/api/auth/[...nextauth]). */
  authRoute?(handler: AuthHandler): AuthHandler;
  /**
   * Checks a token read without callbacks (`getToken()`, lib/read-token.ts): the same token,
   * or null when the feature ends the session there too.
   */
  checkToken?(token: JWT): Promise<JWT | null>;
  /** Route handlers served at /api/<name> (app/api/[route]/route.ts); the app's own routes come first. */
  routes?: Record<string, Partial<Record<RouteMethod, RouteHandler>>>;
  /** Replaces next-auth's session read in middleware and `auth()` (the first feature that has it); `authJs` is next-auth's own, for what it leaves to it; `requestHeaders` (default next/headers') lets the bench read outside Next. */
  read?: SessionRead;
  /** "Sign out everywhere" (DELETE /api/sessions): the first feature in the list that has it answers. */
  sessions?: EndSessions;
}

export type RenderRead = () => Promise<Session | null>;
export interface SessionRead {
  middleware(config: AnyConfig, authJs: EdgeMiddleware): EdgeMiddleware;
  render(config: AnyConfig, authJs: RenderRead, requestHeaders?: () => Promise<Headers>): RenderRead;
}

/** What ending a user's sessions means on this deployment, and doing it. */
export interface EndSessions {
  ending(): SessionEnding;
  /** Ends every session of `userId`; returns what happened, in the terms of `ending()`. */
  end(userId: string): Promise<SessionEnding>;
}

export type SessionEnding =
  | { supported: true; strategy: "database" }
  | { supported: true; strategy: "jwt"; withinSeconds: number; propagationSeconds: number }
  | { supported: false; reason: string };

/** Each feature's `config` hook in list order, so a later feature wraps what earlier ones made. */
export function configFor(config: AnyConfig, features: readonly Feature[], instance: Instance): AnyConfig {
  return features.reduce<AnyConfig>((wrapped, feature) => feature.config?.(wrapped, instance) ?? wrapped, config);
}

/** `wrap` applied to a config: an object now, a lazy one on each request. */
export function mapConfig(config: AnyConfig, wrap: (config: NextAuthConfig) => NextAuthConfig): AnyConfig {
  return typeof config === "function" ? async (request) => wrap(await config(request)) : wrap(config);
}

export function authMiddlewareFor(inner: EdgeMiddleware, features: readonly Feature[]): EdgeMiddleware {
  return features.reduce((wrapped, feature) => feature.authMiddleware?.(wrapped) ?? wrapped, inner);
}

export function middlewareFor(inner: EdgeMiddleware, features: readonly Feature[]): EdgeMiddleware {
  return features.reduce((wrapped, feature) => feature.middleware?.(wrapped) ?? wrapped, inner);
}

export function authorizeFor(authorize: Authorize, features: readonly Feature[]): Authorize {
  return features.reduce((wrapped, feature) => feature.authorize?.(wrapped) ?? wrapped, authorize);
}

export function authRouteFor(handler: AuthHandler, features: readonly Feature[]): AuthHandler {
  return features.reduce((wrapped, feature) => feature.authRoute?.(wrapped) ?? wrapped, handler);
}

/** The handler the first feature serving /api/`name` has for `method`, if any. */
export function featureRoute(features: readonly Feature[], name: string, method: RouteMethod): RouteHandler | undefined {
  for (const { routes } of features) {
    if (routes && Object.hasOwn(routes, name)) return routes[name]?.[method];
  }
  return undefined;
}

/** The session read the first feature that brings one has, if any. */
export function sessionReadFor(features: readonly Feature[]): SessionRead | undefined {
  return features.find((feature) => feature.read)?.read;
}
