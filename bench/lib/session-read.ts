import { Auth, type AuthConfig } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import Credentials from "@auth/core/providers/credentials";
import type { NextAuthConfig } from "next-auth";

import { withDatabaseSessions } from "../../features/database-sessions";
import { BENCH_SECRET } from "./bench-env";
import { PhaseClock } from "./phase-clock";

/**
 * Session reads through the real Auth.js handler (`Auth()` from @auth/core, which next-auth's
 * route handlers call): GET /api/auth/session with a session cookie from a real sign-in.
 * Runtime-neutral (Web APIs only), so the same code runs on Node, edge-runtime and workerd.
 *
 * A variant is a name and an Auth.js config. "Stock" is Auth.js with defaults; "template" is
 * this project's `authConfig`. To compare another JWT codec, pass a config whose `jwt` has
 * your `encode`/`decode`: `jwtVariant("template+codec", { ...template, jwt: codec })`.
 */

export const ORIGIN = "http://localhost:3000";
const DEMO = { email: "demo@example.com", password: "demo-password" };

export interface VariantSpec {
  name: string;
  strategy: "jwt" | "database";
  config: AuthConfig;
}

export interface SessionReader {
  name: string;
  expectedEmail: string;
  clock: PhaseClock;
  /** The session cookie (`name=value`) the sign-in set: page-load's middleware sends it too. */
  cookie: string;
  read(): Promise<Response>;
}

/** Auth.js as its docs start: one Credentials provider, no callbacks, JWT sessions by default. */
export function stockConfig(): AuthConfig {
  return {
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: ({ email }) => (email === DEMO.email ? { id: "user-demo", email: DEMO.email, name: "Demo User" } : null),
      }),
    ],
  };
}

export function jwtVariant(name: string, config: AuthConfig): VariantSpec {
  return { name, strategy: "jwt", config };
}

/**
 * The template's database variant, built by the product's own `withDatabaseSessions`.
 * `updateAge` 0 makes every read write the row (the worst case); the default writes once a day.
 */
export function databaseVariant(
  name: string,
  config: NextAuthConfig,
  adapter: Adapter,
  updateAge?: number,
): VariantSpec {
  const database = withDatabaseSessions(config, adapter);
  if (updateAge !== undefined) database.session = { ...database.session, updateAge };
  return { name, strategy: "database", config: database };
}

/** Signs the demo user in through the variant's own Credentials flow, then reads with that cookie. */
export async function createSessionReader(spec: VariantSpec): Promise<SessionReader> {
  const clock = new PhaseClock();
  const config: AuthConfig = clock.instrument({
    ...spec.config,
    secret: BENCH_SECRET,
    trustHost: true,
    basePath: "/api/auth",
  });
  const cookie = await signIn(config);
  return {
    name: spec.name,
    expectedEmail: DEMO.email,
    clock,
    cookie,
    read: () => Auth(new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie } }), config),
  };
}

async function signIn(config: AuthConfig): Promise<string> {
  const csrf = await Auth(new Request(`${ORIGIN}/api/auth/csrf`), config);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = cookiePairs(csrf).join("; ");
  const response = await Auth(
    new Request(`${ORIGIN}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...DEMO, csrfToken, callbackUrl: ORIGIN }),
    }),
    config,
  );
  const session = cookiePairs(response).find((pair) => pair.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in set no session cookie (status ${response.status}, ${response.headers.get("location")})`);
  return session;
}

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
}
