import type { NextAuthConfig, User } from "next-auth";
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

export interface Feature {
  /** The folder's name under features/. */
  name: string;
  /** Wraps the config an instance is built from (callbacks, adapter, codec). */
  config?(config: AnyConfig, instance: Instance): AnyConfig;
  /** Wraps middleware.ts's middleware: the list's first feature is innermost. */
  middleware?(middleware: EdgeMiddleware): EdgeMiddleware;
  /** Wraps the Credentials provider's `authorize`, which sees the fields Auth.js parsed. */
  authorize?(authorize: Authorize): Authorize;
  /** Wraps Auth.js's POST handler (app/api/auth/[...nextauth]). */
  authRoute?(handler: AuthHandler): AuthHandler;
}

/** Each feature's `config` hook in list order, so a later feature wraps what earlier ones made. */
export function configFor(config: AnyConfig, features: readonly Feature[], instance: Instance): AnyConfig {
  return features.reduce<AnyConfig>((wrapped, feature) => feature.config?.(wrapped, instance) ?? wrapped, config);
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
