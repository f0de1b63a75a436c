import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";

import { authConfig, features } from "../../auth.config";
import { codecOf, hasFeature, type App } from "../lib/app";
import { buildVariant, type VariantName } from "../lib/variants";

/**
 * The session-read variants take the app's config and features from auth.config.ts by name:
 * each codec rung behaves as its name says, and a variant whose feature the list lacks is
 * skipped with the one line the report prints.
 */
const app: App = { authConfig, features };
const bindings = { adapter: () => ({}) };
const SALT = "authjs.session-token";
const secret = process.env.AUTH_SECRET ?? "";
const CLAIMS = { sub: "user-demo", id: "user-demo", email: "demo@example.com", role: "user" as const };

/** The codec a variant's reads run with (Auth.js's own when its config sets none). */
async function codecOfVariant(name: VariantName, from: App = app) {
  return codecOf((await buildVariant(name, from, bindings)).config);
}

/** A token, then what a session read mints from it when the `jwt` callback changed nothing. */
async function readTwice(name: VariantName) {
  const { encode, decode } = await codecOfVariant(name);
  const first = await encode({ token: { ...CLAIMS }, secret, salt: SALT });
  const again = await encode({ token: (await decode({ token: first, secret, salt: SALT })) ?? {}, secret, salt: SALT });
  return { first, again };
}

const without = (name: string): App => ({ authConfig, features: features.filter((feature) => feature.name !== name) });
/** A test of a feature's variant runs only while auth.config.ts's list has the feature. */
const lacks = (name: string) => !hasFeature(features, name);

describe("session-read variants", () => {
  it.skipIf(lacks("fast-read"))("template-jwt hands the unchanged token back; template-jwt-remint mints a new one on every read, both A256GCM", async () => {
    const shipped = await readTwice("template-jwt");
    expect(shipped.again).toBe(shipped.first);
    const remint = await readTwice("template-jwt-remint");
    expect(remint.again).not.toBe(remint.first);
    expect(decodeProtectedHeader(remint.again).enc).toBe("A256GCM");
  });

  it("template-jwt-stock-codec mints Auth.js's own A256CBC-HS512 tokens", async () => {
    const { encode } = await codecOfVariant("template-jwt-stock-codec");
    expect(decodeProtectedHeader(await encode({ token: { ...CLAIMS }, secret, salt: SALT })).enc).toBe("A256CBC-HS512");
  });

  it("is skipped, saying so, when its feature's line is gone from auth.config.ts", async () => {
    await expect(buildVariant("template-jwt-remint", without("fast-read"), bindings)).rejects.toThrow("fast-read is off in auth.config.ts");
    await expect(buildVariant("template-jwt-revocation-memory", without("revocation"), bindings)).rejects.toThrow("revocation is off in auth.config.ts");
    // Without fast-read the app's own read is next-auth's: stock tokens.
    const { encode } = await codecOfVariant("template-jwt", without("fast-read"));
    expect(decodeProtectedHeader(await encode({ token: { ...CLAIMS }, secret, salt: SALT })).enc).toBe("A256CBC-HS512");
  });

  it.skipIf(lacks("revocation"))("refuses a revocation variant whose job did not switch the feature on", async () => {
    // This process has no AUTH_SESSION_CHECK_SECONDS: the listed feature is off, which must not pass for "on".
    await expect(buildVariant("template-jwt-revocation-memory", app, bindings)).rejects.toThrow("AUTH_SESSION_CHECK_SECONDS");
  });
});
