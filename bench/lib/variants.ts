import type { Adapter } from "@auth/core/adapters";
import type { NextAuthConfig } from "next-auth";

import { databaseVariant, jwtVariant, stockConfig, type VariantSpec } from "./session-read";

/**
 * The variants every runtime measures. "template-db" keeps Auth.js's write policy (updateAge
 * one day: reads do not write); "template-db-write" sets updateAge 0 so every read also runs
 * `updateSession`, the cost a short updateAge approaches.
 */
export const VARIANTS = ["stock-jwt", "template-jwt", "template-db", "template-db-write"] as const;
export type VariantName = (typeof VARIANTS)[number];

export function isVariantName(value: unknown): value is VariantName {
  return VARIANTS.some((name) => name === value);
}

export function buildVariant(name: VariantName, authConfig: NextAuthConfig, adapter: () => Adapter): VariantSpec {
  switch (name) {
    case "stock-jwt":
      return jwtVariant(name, stockConfig());
    case "template-jwt":
      return jwtVariant(name, authConfig);
    case "template-db":
      return databaseVariant(name, authConfig, adapter());
    case "template-db-write":
      return databaseVariant(name, authConfig, adapter(), 0);
  }
}
