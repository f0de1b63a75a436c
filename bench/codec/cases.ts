import { Auth, type AuthConfig } from "@auth/core";
import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { NextAuthConfig } from "next-auth";

import { createJwtCodec, decode, encode } from "../../lib/jwt-codec";

/**
 * What the session-token bench times, runtime-neutral (Web APIs only) so the same cases run
 * on Node, edge-runtime and workerd. Each case is one operation returning a number that the
 * sampler folds into a sink, so no runtime can drop the work as dead code.
 *
 * Session reads go through the real `Auth()` handler (GET /api/auth/session with a cookie), as
 * a ladder that adds one idea per rung, so the difference between rungs is what that idea saved:
 *   read:stock              Auth.js with its defaults (no callbacks, stock codec)
 *   read:template-stock-jwt the template's callbacks with the stock codec (earlier template versions)
 *   read:template-remint    + keys derived once, A256GCM (codec with updateAge 0: re-mints every read)
 *   read:template           + the incoming token reused while unchanged (the shipped codec)
 * Codec calls alone: decode and encode, stock and template, beside the `jose` floor (A256GCM
 * with a pre-imported CryptoKey, no key lookup): the cheapest a JWE session cookie can be read.
 */

export const BENCH_SECRET = "bench-only-secret-not-for-production-0123456789";
const ORIGIN = "http://localhost:3000";
const SALT = "authjs.session-token";
/** The claims the template's sign-in puts on a demo user's token. */
const CLAIMS = { name: "Demo User", email: "demo@example.com", sub: "user-demo", id: "user-demo", role: "user" as const };

export const CASES = [
  "read:stock",
  "read:template-stock-jwt",
  "read:template-remint",
  "read:template",
  "decode:stock",
  "decode:template-cbc",
  "decode:template",
  "decode:jose-floor",
  "encode:stock",
  "encode:template",
  "encode:jose-floor",
] as const;
export type CaseName = (typeof CASES)[number];

export const PHASES = ["decode", "jwt", "session", "encode"] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchCase {
  run(): Promise<number>;
  /** Time spent in each phase during the last `run()`, for session reads. */
  phases?: Map<Phase, number>;
}

export async function buildCases(authConfig: NextAuthConfig): Promise<Record<CaseName, BenchCase>> {
  const template = authConfig as AuthConfig;
  const remint = createJwtCodec({ updateAge: 0 });
  const stockToken = await stockEncode({ token: CLAIMS, secret: BENCH_SECRET, salt: SALT });
  const templateToken = await encode({ token: CLAIMS, secret: BENCH_SECRET, salt: SALT });

  const gcmKey = await deriveGcmKey();
  const secret = BENCH_SECRET;

  return {
    "read:stock": sessionRead({ providers: [] }, stockToken),
    "read:template-stock-jwt": sessionRead({ ...template, jwt: { encode: stockEncode, decode: stockDecode } }, stockToken),
    "read:template-remint": sessionRead({ ...template, jwt: remint }, templateToken),
    "read:template": sessionRead(template, templateToken),
    "decode:stock": codecCall(() => stockDecode({ token: stockToken, secret, salt: SALT })),
    "decode:template-cbc": codecCall(() => decode({ token: stockToken, secret, salt: SALT })),
    "decode:template": codecCall(() => decode({ token: templateToken, secret, salt: SALT })),
    "decode:jose-floor": codecCall(async () => (await jwtDecrypt(templateToken, gcmKey, { clockTolerance: 15 })).payload),
    "encode:stock": codecCall(() => stockEncode({ token: { ...CLAIMS }, secret, salt: SALT })),
    "encode:template": codecCall(() => encode({ token: { ...CLAIMS }, secret, salt: SALT })),
    "encode:jose-floor": codecCall(() =>
      new EncryptJWT({ ...CLAIMS }).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).setIssuedAt().setJti(crypto.randomUUID()).encrypt(gcmKey),
    ),
  };
}

function codecCall(call: () => Promise<unknown>): BenchCase {
  return { run: async () => JSON.stringify(await call()).length };
}

/** One session read through `Auth()`; the codec and callbacks are wrapped to time each phase. */
function sessionRead(config: AuthConfig, token: string): BenchCase {
  const phases = new Map<Phase, number>();
  const timed = <Args extends unknown[], Result>(phase: Phase, fn: (...args: Args) => Result | PromiseLike<Result>) =>
    async (...args: Args): Promise<Result> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        phases.set(phase, (phases.get(phase) ?? 0) + performance.now() - start);
      }
    };
  const { jwt = {}, callbacks = {} } = config;
  const instrumented: AuthConfig = {
    ...config,
    secret: BENCH_SECRET,
    trustHost: true,
    basePath: "/api/auth",
    jwt: { ...jwt, encode: timed("encode", jwt.encode ?? stockEncode), decode: timed("decode", jwt.decode ?? stockDecode) },
    callbacks: {
      ...callbacks,
      jwt: timed("jwt", callbacks.jwt ?? (({ token }) => token)),
      ...(callbacks.session && { session: timed("session", callbacks.session) }),
    },
  };
  const cookie = `${SALT}=${token}`;
  return {
    phases,
    async run() {
      phases.clear();
      const response = await Auth(new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie } }), instrumented);
      const body = await response.text();
      if (response.status !== 200 || !body.includes(CLAIMS.email)) {
        throw new Error(`expected a signed-in session, got ${response.status} ${body.slice(0, 200)}`);
      }
      return body.length + (response.headers.get("set-cookie")?.length ?? 0);
    },
  };
}

/** Stock Auth.js's A256GCM key for the bench secret, via WebCrypto HKDF (as lib/jwt-codec.ts). */
async function deriveGcmKey(): Promise<CryptoKey> {
  const text = new TextEncoder();
  const material = await crypto.subtle.importKey("raw", text.encode(BENCH_SECRET), "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: text.encode(SALT), info: text.encode(`Auth.js Generated Encryption Key (${SALT})`) },
    material,
    256,
  );
  return crypto.subtle.importKey("raw", bits, "AES-GCM", false, ["encrypt", "decrypt"]);
}
