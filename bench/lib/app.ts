import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import type { NextAuthConfig } from "next-auth";

import { configFor, type Feature, type Instance } from "../../lib/features";

/**
 * What the bench measures, taken from the app the way auth.ts and middleware.ts take it:
 * auth.config.ts's config and its `features` list, features found by name and never by their
 * files, so deleting a feature's folder and its line leaves the bench whole. A variant that
 * needs a feature the list no longer has is skipped with one line saying so (`FeatureOff`).
 */
export interface App {
  /** auth.config.ts's `authConfig`, before any feature. */
  authConfig: NextAuthConfig;
  features: readonly Feature[];
}

export type JwtCodec = Required<Pick<NonNullable<NextAuthConfig["jwt"]>, "encode" | "decode">>;

/** The config an instance is built from, with every feature's `config` hook, settled as the first request would. */
export async function configOf({ authConfig, features }: App, instance: Instance): Promise<NextAuthConfig> {
  const config = configFor(authConfig, features, instance);
  return typeof config === "function" ? config() : config;
}

/** The codec a config ends up with: a feature's (fast-read sets one), else Auth.js's own. */
export function codecOf(config: NextAuthConfig): JwtCodec {
  return { encode: config.jwt?.encode ?? stockEncode, decode: config.jwt?.decode ?? stockDecode };
}

/** A variant that measures a feature the app has switched off: the job answers `{ off }` instead of samples. */
export class FeatureOff extends Error {
  constructor(name: string) {
    super(`${name} is off in auth.config.ts`);
  }
}

/** Whether auth.config.ts's list has the feature named `name`. */
export function hasFeature(features: readonly Feature[], name: string): boolean {
  return features.some((feature) => feature.name === name);
}

/** The feature named `name` in the app's list; throws `FeatureOff` when the list has none. */
export function featureOn({ features }: App, name: string): Feature {
  const feature = features.find((candidate) => candidate.name === name);
  if (!feature) throw new FeatureOff(name);
  return feature;
}
