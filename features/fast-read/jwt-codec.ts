import { EncryptJWT, base64url, calculateJwkThumbprint, errors, jwtDecrypt } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

import { nowInSeconds, SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "../../lib/session-lifetime";

/**
 * The session token codec behind Auth.js's `jwt: { encode, decode }` extension points:
 * same format as stock `@auth/core/jwt` (a `dir` JWE, key = HKDF-SHA256 of the secret with
 * the cookie name as salt, `kid` = the key's JWK thumbprint, 15 s clock tolerance, a list of
 * secrets: encode with the first, decode with any), made cheap enough to run on every request:
 *
 * - Keys are derived, thumbprinted and imported once per secret and salt, not per call.
 * - New tokens use `A256GCM` (one WebCrypto call per encrypt or decrypt) instead of
 *   `A256CBC-HS512` (about seven). Stock `decode` accepts both, so old and new app versions
 *   read each other's cookies; this `decode` accepts both too.
 * - A session read hands back the token it came with, unchanged, while the claims are the
 *   same and the token is younger than `updateAge` (and than half its `maxAge`), the way
 *   Auth.js database sessions only move their expiry once per `updateAge`.
 *
 * Like stock, it refuses what would mint a token nobody can read (no secret, an empty one, no
 * salt) by throwing, and `decode` throws why a token was refused (expired, no secret matches,
 * tampered): Auth.js logs that cause with `JWTSessionError` and reads the session as signed out.
 *
 * @see https://authjs.dev/reference/core/jwt
 * @see https://authjs.dev/concepts/session-strategies#jwt-session
 */

const GCM = "A256GCM";
const CBC = "A256CBC-HS512";
type ContentEncryption = typeof GCM | typeof CBC;

/** Auth.js's clock tolerance; its default `maxAge` and `updateAge` are in lib/session-lifetime.ts. */
const CLOCK_TOLERANCE = 15;

export interface JwtCodec {
  encode(params: JWTEncodeParams): Promise<string>;
  decode(params: JWTDecodeParams): Promise<JWT | null>;
}

export interface JwtCodecOptions {
  /**
   * Seconds during which a session read returns the incoming token instead of minting a new
   * one, when the `jwt` callback left its claims unchanged: `session.updateAge` of the config.
   * 0 re-mints on every read, as stock Auth.js does. Never more than half the token's
   * lifetime, so a session with a short `maxAge` still slides for a user who comes back within
   * half of it (stock: within all of it). The token's own `exp` is what counts: it may lie up
   * to this long before the `expires` Auth.js reports and sets on the cookie.
   */
  updateAge?: number;
}

export function createJwtCodec({ updateAge = SESSION_UPDATE_AGE_SECONDS }: JwtCodecOptions = {}): JwtCodec {
  // What `decode` read, keyed by the claims object it returned: Auth.js passes that object
  // through the `jwt` callback to `encode`, which can then tell whether anything changed.
  const origins = new WeakMap<JWT, TokenOrigin>();

  async function encode({ token = {}, secret, maxAge = SESSION_MAX_AGE_SECONDS, salt }: JWTEncodeParams): Promise<string> {
    const [primarySecret] = keyInputs(secret, salt);

    const origin = origins.get(token);
    if (origin && isReusable(origin, token, { primarySecret, salt, maxAge, updateAge })) return origin.token;

    const { key, kid } = await derivedKey(primarySecret, salt, GCM);
    const issuedAt = nowInSeconds();
    return new EncryptJWT(token)
      .setProtectedHeader({ alg: "dir", enc: GCM, kid })
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + maxAge)
      .setJti(crypto.randomUUID())
      .encrypt(key);
  }

  /** No token is null; a token that does not decrypt and verify throws why, as stock. */
  async function decode({ token, secret, salt }: JWTDecodeParams): Promise<JWT | null> {
    if (!token) return null;
    const secrets = keyInputs(secret, salt);
    let used: { secret: string; enc: ContentEncryption } | undefined;
    const { payload } = await jwtDecrypt<JWT>(
      token,
      async ({ kid, enc }) => {
        if (!isContentEncryption(enc)) throw new errors.JOSENotSupported("unsupported \"enc\"");
        // As stock: a token without `kid` is tried with the first secret only.
        for (const candidate of secrets) {
          const derived = await derivedKey(candidate, salt, enc);
          if (kid === undefined || kid === derived.kid) {
            used = { secret: candidate, enc };
            return derived.key;
          }
        }
        throw new errors.JWEDecryptionFailed("no secret matches the token's kid");
      },
      { clockTolerance: CLOCK_TOLERANCE, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: [CBC, GCM] },
    ).catch(withoutClaims);
    if (used) origins.set(payload, { token, salt, ...used, claims: JSON.stringify(payload) });
    return payload;
  }

  return { encode, decode };
}

/**
 * jose puts a token's claims in the cause of a failed claim check (an expired token), and
 * Auth.js logs that cause whole: the claims can hold the provider's access and refresh tokens.
 * The error keeps its class, message, claim and reason; the claims stay out of the log.
 */
function withoutClaims(error: unknown): never {
  if (error instanceof errors.JWTExpired) throw new errors.JWTExpired(error.message, {}, error.claim, error.reason);
  if (error instanceof errors.JWTClaimValidationFailed) throw new errors.JWTClaimValidationFailed(error.message, {}, error.claim, error.reason);
  throw error;
}

/** The template's codec, with Auth.js's default `updateAge` (one day). */
export const { encode, decode } = createJwtCodec();

interface TokenOrigin {
  token: string;
  salt: string;
  secret: string;
  enc: ContentEncryption;
  /** The claims as `decode` returned them, serialized the way `EncryptJWT` serializes them. */
  claims: string;
}

/**
 * The incoming token may stand in for a new one only if minting now would change nothing but
 * `iat`, `exp` and `jti`: same claims, current secret, current format and cookie name, the
 * same lifetime, and issued less than `updateAge` ago. Otherwise rotation, format upgrades and
 * `maxAge` changes take effect on the next read, as with stock Auth.js.
 */
function isReusable(
  origin: TokenOrigin,
  token: JWT,
  current: { primarySecret: string; salt: string; maxAge: number; updateAge: number },
): boolean {
  const { iat, exp } = token;
  if (typeof iat !== "number" || typeof exp !== "number") return false;
  const now = nowInSeconds();
  return (
    origin.enc === GCM &&
    origin.secret === current.primarySecret &&
    origin.salt === current.salt &&
    exp - iat === current.maxAge &&
    now - iat < Math.min(current.updateAge, current.maxAge / 2) &&
    now < exp &&
    JSON.stringify(token) === origin.claims
  );
}

function isContentEncryption(enc: string | undefined): enc is ContentEncryption {
  return enc === GCM || enc === CBC;
}

/** The secrets, newest first, and the salt; an empty or missing one throws, as stock's key derivation does. */
function keyInputs(secret: string | string[], salt: string | undefined): [string, ...string[]] {
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (!secrets.length || secrets.some((s) => typeof s !== "string" || s.length === 0)) throw new TypeError("jwt: every secret must be a non-empty string");
  if (typeof salt !== "string" || salt.length === 0) throw new TypeError("jwt: the salt (the session cookie's name) is required");
  return secrets as [string, ...string[]];
}

interface DerivedKey {
  /** A CryptoKey for GCM (jose then makes one WebCrypto call); raw bytes for CBC, which jose splits. */
  key: CryptoKey | Uint8Array;
  kid: string;
}

// A handful of entries in practice (secrets × cookie names × formats); the bound only stops a
// caller that passes ever-new salts from growing it without end.
const MAX_CACHED_KEYS = 32;
const keyCache = new Map<string, DerivedKey>();

/**
 * Caches resolved keys, not pending promises: on workerd a promise started by one request and
 * awaited by another is cut off when the first request ends.
 */
async function derivedKey(secret: string, salt: string, enc: ContentEncryption): Promise<DerivedKey> {
  const cacheKey = JSON.stringify([secret, salt, enc]);
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;

  const bytes = await hkdfSha256(secret, salt, `Auth.js Generated Encryption Key (${salt})`, enc === GCM ? 32 : 64);
  const kid = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(bytes) }, enc === GCM ? "sha256" : "sha512");
  const key =
    enc === GCM ? await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]) : bytes;

  if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
  keyCache.set(cacheKey, { key, kid });
  return { key, kid };
}

/** The derivation stock Auth.js makes with `@panva/hkdf`, through the runtime's WebCrypto. */
async function hkdfSha256(secret: string, salt: string, info: string, length: number): Promise<Uint8Array<ArrayBuffer>> {
  const text = new TextEncoder();
  const material = await crypto.subtle.importKey("raw", text.encode(secret), "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: text.encode(salt), info: text.encode(info) },
    material,
    length << 3,
  );
  return new Uint8Array(bits);
}
