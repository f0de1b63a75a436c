import type { Adapter } from "@auth/core/adapters";
import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import type { NextAuthConfig } from "next-auth";

import { createJwtCodec } from "../../lib/jwt-codec";

import { databaseVariant, jwtVariant, stockConfig, type VariantSpec } from "./session-read";

/**
 * The variants every runtime measures. "template-db" keeps Auth.js's write policy (updateAge
 * one day: reads do not write); "template-db-write" sets updateAge 0 so every read also runs
 * `updateSession`, the cost a short updateAge approaches.
 *
 * The JWT variants form a ladder, one idea of lib/jwt-codec.ts per rung, so the difference
 * between rungs is what that idea saves: "template-jwt-stock-codec" is the template's config
 * with Auth.js's own codec (earlier template versions); "template-jwt-remint" adds keys derived
 * once and A256GCM but still mints a token on every read; "template-jwt" (what ships) adds
 * reuse of the unchanged token.
 */
export const VARIANTS = [
  "stock-jwt",
  "template-jwt-stock-codec",
  "template-jwt-remint",
  "template-jwt",
  "template-db",
  "template-db-write",
] as const;
export type VariantName = (typeof VARIANTS)[number];

export function isVariantName(value: unknown): value is VariantName {
  return VARIANTS.some((name) => name === value);
}

export function buildVariant(name: VariantName, authConfig: NextAuthConfig, adapter: () => Adapter): VariantSpec {
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
  }
}
