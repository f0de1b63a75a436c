import { Auth, type AuthConfig } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import Credentials from "@auth/core/providers/credentials";
import type { NextAuthConfig } from "next-auth";

import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "../../lib/session-lifetime";
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

const DEMO_USER_ID = "user-demo";

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
 * The template's config with database sessions, as features/database-sessions makes it: the
 * adapter added, no `strategy` (Auth.js resolves it to "database"), the same lifetimes. The bench
 * does not import the feature, so it runs with the feature deleted. `updateAge` 0 makes every
 * read write the row (the worst case); the default writes once a day.
 */
export function databaseVariant(
  name: string,
  config: NextAuthConfig,
  adapter: Adapter,
  updateAge?: number,
): VariantSpec {
  const session = { maxAge: config.session?.maxAge ?? SESSION_MAX_AGE_SECONDS, updateAge: updateAge ?? config.session?.updateAge ?? SESSION_UPDATE_AGE_SECONDS };
  return { name, strategy: "database", config: { ...config, adapter, session } };
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
  const cookie = spec.strategy === "database" ? await createSessionRow(config) : await signIn(config);
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

/**
 * A database variant starts from the row a sign-in leaves (the feature writes it in `jwt.encode`
 * on Credentials sign-in): the bench measures reads, and writes the row through the adapter.
 */
async function createSessionRow({ adapter, session }: AuthConfig): Promise<string> {
  if (!adapter?.createSession) throw new Error("a database variant needs an adapter with createSession");
  const sessionToken = crypto.randomUUID();
  const expires = new Date(Date.now() + (session?.maxAge ?? SESSION_MAX_AGE_SECONDS) * 1000);
  await adapter.createSession({ sessionToken, userId: DEMO_USER_ID, expires });
  return `authjs.session-token=${sessionToken}`;
}

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(";")[0] ?? "");
}
