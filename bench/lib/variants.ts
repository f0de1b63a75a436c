import type { Adapter } from "@auth/core/adapters";
import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import type { NextAuthConfig } from "next-auth";

import { codecOf, configOf, featureOn, type App } from "./app";
import { databaseVariant, jwtVariant, stockConfig, type VariantSpec } from "./session-read";

/**
 * The variants of the session-read subject. "template-db" keeps Auth.js's write policy
 * (updateAge one day: reads do not write); "template-db-write" sets updateAge 0 so every read
 * also runs `updateSession`, the cost a short updateAge approaches.
 *
 * Every template variant is the app's config as auth.ts builds it (auth.config.ts with each
 * feature's `config` hook, bench/lib/app.ts). The JWT variants form a ladder, one idea of
 * fast-read's codec per rung, so the difference between rungs is what that idea saves:
 * "template-jwt-stock-codec" is the template's config with Auth.js's own codec (earlier template
 * versions); "template-jwt-remint" adds keys derived once and A256GCM but still mints a token on
 * every read (fast-read's codec for `session.updateAge` 0); "template-jwt" (what ships) adds
 * reuse of the unchanged token. Without fast-read in the list, "template-jwt" has Auth.js's codec
 * and "template-jwt-remint" is skipped.
 */
/** The rungs between stock and the shipped codec: measured with `--codec`, not by default. */
export const LADDER_VARIANTS = ["template-jwt-stock-codec", "template-jwt-remint"] as const;

export const VARIANTS = [
  "stock-jwt",
  "template-jwt-stock-codec",
  "template-jwt-remint",
  "template-jwt",
  "template-db",
  "template-db-write",
] as const;

/**
 * `--revocation`: "template-jwt" with the revocation feature switched on as a deployment does,
 * AUTH_SESSION_CHECK_SECONDS=0, so every read reads the version store the feature picks from what
 * it finds (Redis variables, else a SESSION_VERSION_KV binding, else this isolate's memory): memory,
 * the bench's Redis over HTTP (bench/lib/bench-redis.ts), and on workerd a real KV binding (miniflare).
 * Against "template-jwt" (revocation off) in the same run.
 */
export const REVOCATION_VARIANTS = ["template-jwt-revocation-memory", "template-jwt-revocation-kv", "template-jwt-revocation-redis"] as const;

export type VariantName = (typeof VARIANTS)[number] | (typeof REVOCATION_VARIANTS)[number];

export function isVariantName(value: unknown): value is VariantName {
  return [...VARIANTS, ...REVOCATION_VARIANTS].some((name) => name === value);
}

/** What a runtime hands the variants: the database adapter and, on workerd, the KV namespace (the feature checks its shape). */
export interface VariantBindings {
  adapter: () => Adapter;
  kv?: unknown;
}

const CHECK_EVERY_READ = { AUTH_SESSION_CHECK_SECONDS: "0" };

/**
 * The variables a variant's job sets before the app is imported (node.ts; bench/lib/bundle.ts for
 * the edge bundles), as a deployment sets them: the feature reads its own. The Redis variant adds
 * where the bench's Redis listens, as the Upstash integration does on Vercel.
 */
export function variantEnv(name: VariantName, redis?: { url: string; token: string }): Record<string, string> | undefined {
  if (!name.startsWith("template-jwt-revocation-")) return undefined;
  if (name !== "template-jwt-revocation-redis") return CHECK_EVERY_READ;
  if (!redis) throw new Error(`${name} needs the bench's Redis (started by --revocation)`);
  return { ...CHECK_EVERY_READ, KV_REST_API_URL: redis.url, KV_REST_API_TOKEN: redis.token };
}

export async function buildVariant(name: VariantName, app: App, { adapter, kv }: VariantBindings): Promise<VariantSpec> {
  const authConfig = await configOf(app, "app");
  switch (name) {
    case "stock-jwt":
      return jwtVariant(name, stockConfig());
    case "template-jwt-stock-codec":
      return jwtVariant(name, { ...authConfig, jwt: { encode: stockEncode, decode: stockDecode } });
    case "template-jwt-remint":
      return jwtVariant(name, { ...authConfig, jwt: await remintingCodec(app, authConfig) });
    case "template-jwt":
      return jwtVariant(name, authConfig);
    case "template-db":
      return databaseVariant(name, authConfig, adapter());
    case "template-db-write":
      return databaseVariant(name, authConfig, adapter(), 0);
    case "template-jwt-revocation-memory":
    case "template-jwt-revocation-redis":
      return jwtVariant(name, revocationOn(app, authConfig));
    case "template-jwt-revocation-kv": {
      const config = revocationOn(app, authConfig);
      if (!kv) throw new Error(`${name} needs a KV binding (workerd only)`);
      bindForEachRequest("SESSION_VERSION_KV", kv);
      return jwtVariant(name, config);
    }
  }
}

/** fast-read's codec as its `config` hook makes it for a config whose `session.updateAge` is 0: it mints on every read. */
async function remintingCodec(app: App, { session, ...config }: NextAuthConfig) {
  const remint = featureOn(app, "fast-read").config?.({ ...config, jwt: undefined, session: { ...session, updateAge: 0 } }, "app");
  if (!remint) throw new Error("fast-read has no config hook: the bench cannot take its codec");
  return codecOf(typeof remint === "function" ? await remint() : remint);
}

/** The app's config, checked to carry revocation's step: its job set AUTH_SESSION_CHECK_SECONDS (`variantEnv`). */
function revocationOn(app: App, authConfig: NextAuthConfig): NextAuthConfig {
  if (!featureOn(app, "revocation").config) throw new Error("revocation is in the list but off: AUTH_SESSION_CHECK_SECONDS did not reach it");
  return authConfig;
}

/**
 * Hands a binding over where OpenNext's worker puts each request's bindings, the Cloudflare
 * context platform/cloudflare/bindings.ts reads, so the feature finds it as it would deployed.
 */
function bindForEachRequest(name: string, binding: unknown): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("__cloudflare-context__")] = { env: { [name]: binding } };
}
