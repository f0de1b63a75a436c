import fc from "fast-check";
import { base64url, decodeProtectedHeader } from "jose";

/**
 * Shared pieces for the session token tests: random claims the way an app's `jwt` callback
 * might shape them, and helpers to look inside or damage a compact JWE.
 */

/** Claims `encode` sets itself; random claims leave them out (stock overwrites or validates them). */
const REGISTERED_TIME_CLAIMS = new Set(["iat", "exp", "nbf", "jti"]);

export const claimsArbitrary = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }).filter((key) => !REGISTERED_TIME_CLAIMS.has(key)),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 8 },
);

export const secretArbitrary = fc.string({ minLength: 1, maxLength: 64, unit: "grapheme" });

/** Cookie names Auth.js uses as the HKDF salt, plus arbitrary ones. */
export const saltArbitrary = fc.oneof(
  fc.constantFrom("authjs.session-token", "__Secure-authjs.session-token"),
  fc.string({ minLength: 1, maxLength: 40 }),
);

/** What survives a JSON round trip, which is what a token can carry (e.g. -0 becomes 0). */
export function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The claims without the ones `encode` sets. */
export function withoutMintedClaims(payload: Record<string, unknown> | null): Record<string, unknown> | null {
  if (payload === null) return null;
  const rest = { ...payload };
  for (const claim of ["iat", "exp", "jti"]) delete rest[claim];
  return rest;
}

export function contentEncryption(token: string): unknown {
  return decodeProtectedHeader(token).enc;
}

/** Compact JWE parts: header, encrypted key (empty for `dir`), IV, ciphertext, tag. */
export const JWE_PARTS = { header: 0, iv: 2, ciphertext: 3, tag: 4 } as const;

/** Flips one bit of one decoded part, so the change is real and not a base64url spelling. */
export function flipBit(token: string, part: number, bitIndex: number): string {
  const parts = token.split(".");
  const bytes = base64url.decode(parts[part] ?? "");
  if (bytes.length === 0) throw new Error(`part ${part} of the token is empty`);
  const bit = bitIndex % (bytes.length * 8);
  bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  parts[part] = base64url.encode(bytes);
  return parts.join(".");
}

/** Resolves what a decode call would tell a session read: the claims, or null when it throws. */
export async function settle<T>(decoding: Promise<T>): Promise<T | null> {
  try {
    return await decoding;
  } catch {
    return null;
  }
}
