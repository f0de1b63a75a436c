import type { Adapter } from "@auth/core/adapters";
import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import type { NextAuthConfig } from "next-auth";

import { createJwtCodec } from "../../features/fast-read";
import { withJwtStep } from "../../lib/jwt-step";
import { applySessionVersion, KvVersionStore, MemoryVersionStore, type SessionVersionStore } from "../../features/revocation";

import { databaseVariant, jwtVariant, stockConfig, type VariantSpec } from "./session-read";

/**
 * The variants of the session-read subject. "template-db" keeps Auth.js's write policy
 * (updateAge one day: reads do not write); "template-db-write" sets updateAge 0 so every read
 * also runs `updateSession`, the cost a short updateAge approaches.
 *
 * The JWT variants form a ladder, one idea of features/fast-read/jwt-codec.ts per rung, so the difference
 * between rungs is what that idea saves: "template-jwt-stock-codec" is the template's config
 * with Auth.js's own codec (earlier template versions); "template-jwt-remint" adds keys derived
 * once and A256GCM but still mints a token on every read; "template-jwt" (what ships) adds
 * reuse of the unchanged token.
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
 * `--revocation`: "template-jwt" with revocation (features/revocation/session-version.ts) on and an interval of
 * 0, so every read reads the version store: from this isolate's memory, and on workerd from a
 * real KV binding (miniflare). Against "template-jwt" (revocation off) in the same run.
 */
export const REVOCATION_VARIANTS = ["template-jwt-revocation-memory", "template-jwt-revocation-kv"] as const;

export type VariantName = (typeof VARIANTS)[number] | (typeof REVOCATION_VARIANTS)[number];

export function isVariantName(value: unknown): value is VariantName {
  return [...VARIANTS, ...REVOCATION_VARIANTS].some((name) => name === value);
}

export type KvBinding = ConstructorParameters<typeof KvVersionStore>[0];

/** What a runtime hands the variants: the database adapter and, on workerd, the KV binding. */
export interface VariantBindings {
  adapter: () => Adapter;
  kv?: KvBinding;
}

export function buildVariant(name: VariantName, authConfig: NextAuthConfig, { adapter, kv }: VariantBindings): VariantSpec {
  switch (name) {
    case "stock-jwt":
      return jwtVariant(name, stockConfig());
    case "template-jwt-stock-codec":
      return jwtVariant(name, { ...authConfig, jwt: { encode: stockEncode, decode: stockDecode } });
    case "template-jwt-remint":
      return jwtVariant(name, { ...authConfig, jwt: createJwtCodec({ updateAge: 0 }) });
    case "template-jwt":
      return jwtVariant(name, authConfig);
    case "template-db":
      return databaseVariant(name, authConfig, adapter());
    case "template-db-write":
      return databaseVariant(name, authConfig, adapter(), 0);
    case "template-jwt-revocation-memory":
      return jwtVariant(name, withRevocationOnEveryRead(authConfig, new MemoryVersionStore()));
    case "template-jwt-revocation-kv":
      if (!kv) throw new Error(`${name} needs a KV binding (workerd only)`);
      return jwtVariant(name, withRevocationOnEveryRead(authConfig, new KvVersionStore(kv)));
  }
}

/**
 * The template's `jwt` callback followed by the very step it ends with, `applySessionVersion`,
 * with an interval of 0 and the given store: what AUTH_SESSION_CHECK_SECONDS=0 runs. The bench's
 * environment leaves revocation off, so the template's own call passes the token straight
 * through; the config is built once per bundle, which is why the step is added here instead.
 */
function withRevocationOnEveryRead(config: NextAuthConfig, store: SessionVersionStore): NextAuthConfig {
  return withJwtStep(config, (token, { user }) => applySessionVersion(token, { signingIn: Boolean(user), intervalSeconds: 0, store }));
}
