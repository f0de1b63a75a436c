import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import { EncryptJWT, jwtDecrypt } from "jose";

import type { JwtCodec } from "../lib/app";
import { BENCH_SECRET } from "../lib/bench-env";

/**
 * What the codec bench times, runtime-neutral (Web APIs only) so the same cases run on Node,
 * edge-runtime and workerd: `decode` and `encode` alone, stock and template, beside the `jose`
 * floor (A256GCM with a pre-imported CryptoKey, no key lookup), the cheapest a JWE session
 * cookie can be read or minted. `decode:template-cbc` is the template reading a stock token:
 * key caching alone, without A256GCM. Each case returns a number the sampler folds into a sink,
 * so no runtime can drop the work as dead code.
 *
 * Whole session reads through `Auth()` (stock, and the template one codec idea at a time) are
 * the main bench's JWT variants: `npm run bench`.
 */

const SALT = "authjs.session-token";
/** The claims the template's sign-in puts on a demo user's token. */
const CLAIMS = { name: "Demo User", email: "demo@example.com", sub: "user-demo", id: "user-demo", role: "user" as const };

export const CASES = [
  "decode:stock",
  "decode:template-cbc",
  "decode:template",
  "decode:jose-floor",
  "encode:stock",
  "encode:template",
  "encode:jose-floor",
] as const;
export type CaseName = (typeof CASES)[number];

export type BenchCase = () => Promise<number>;

/** `template`: the app's codec (fast-read's, bench/lib/run-job.ts). */
export async function buildCases({ encode, decode }: JwtCodec): Promise<Record<CaseName, BenchCase>> {
  const stockToken = await stockEncode({ token: CLAIMS, secret: BENCH_SECRET, salt: SALT });
  const templateToken = await encode({ token: CLAIMS, secret: BENCH_SECRET, salt: SALT });

  const gcmKey = await deriveGcmKey();
  const secret = BENCH_SECRET;

  return {
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

function codecCall(call: () => unknown): BenchCase {
  return async () => JSON.stringify(await call()).length;
}

/** Stock Auth.js's A256GCM key for the bench secret, via WebCrypto HKDF (as features/fast-read/jwt-codec.ts). */
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
